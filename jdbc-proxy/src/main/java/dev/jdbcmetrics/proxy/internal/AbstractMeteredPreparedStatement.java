package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.QueryMeters;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The metering of prepared (and callable) statements: their SQL was analysed and their meters
 * resolved once, when prepared, so executing them again costs no lookup at all.
 *
 * <p>Internal API: not for application code.
 *
 * @param <S> the driver's statement type
 */
public abstract class AbstractMeteredPreparedStatement<S extends PreparedStatement>
        extends DelegatingPreparedStatement<S> {

    final String sql;
    final QueryMeters meters;

    AbstractMeteredPreparedStatement(S delegate, MeteredConnection connection, String sql) {
        super(delegate, connection);
        this.sql = sql;
        this.meters = meters(sql);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        long start = starting(meters);
        ResultSet resultSet;
        try {
            resultSet = delegate.executeQuery();
        } catch (SQLException | RuntimeException | Error e) {
            meters.failed(System.nanoTime() - start, e, sql);
            throw e;
        }
        meters.succeeded(System.nanoTime() - start, sql);
        return resultSet(resultSet, true);
    }

    @Override
    public boolean execute() throws SQLException {
        long start = starting(meters);
        boolean hasResultSet;
        try {
            hasResultSet = delegate.execute();
        } catch (SQLException | RuntimeException | Error e) {
            meters.failed(System.nanoTime() - start, e, sql);
            throw e;
        }
        return executed(meters, start, sql, hasResultSet);
    }

    @Override
    public int executeUpdate() throws SQLException {
        long start = starting(meters);
        int count;
        try {
            count = delegate.executeUpdate();
        } catch (SQLException | RuntimeException | Error e) {
            meters.failed(System.nanoTime() - start, e, sql);
            throw e;
        }
        return updated(meters, start, sql, count);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        long start = starting(meters);
        long count;
        try {
            count = delegate.executeLargeUpdate();
        } catch (SQLException | RuntimeException | Error e) {
            meters.failed(System.nanoTime() - start, e, sql);
            throw e;
        }
        return updated(meters, start, sql, count);
    }

    @Override
    public void addBatch() throws SQLException {
        delegate.addBatch();
    }

    @Override
    void batchAdded(String sql) {
        // plain SQL added to a prepared statement's batch: recorded with the statement's own meters
    }

    @Override
    void batchCleared() {
    }

    @Override
    QueryMeters takeBatchMeters() {
        return meters;
    }

    @Override
    void executingWith(QueryMeters meters) {
    }

    @Override
    QueryMeters resultMeters() {
        return meters;
    }
}
