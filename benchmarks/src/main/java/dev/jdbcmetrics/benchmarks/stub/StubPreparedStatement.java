package dev.jdbcmetrics.benchmarks.stub;

import dev.jdbcmetrics.benchmarks.Workloads;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A prepared statement for one of the {@link Workloads}' statements, answered from memory:
 * {@link Workloads#POINT_SELECT} gives 1 row and {@link Workloads#TEN_ROW_SELECT} 10 rows, starting
 * at the first bound id ({@link StubResultSet}); {@link Workloads#UPDATE} changes 1 row per
 * execution, batched or not. Any other SQL is refused when it is prepared.
 */
final class StubPreparedStatement extends UnsupportedPreparedStatement {

    private static final int NOT_A_QUERY = -1;

    private final StubConnection connection;
    private final String sql;
    /** Rows each execution returns, or {@link #NOT_A_QUERY} for the update. */
    private final int rows;
    private long first;
    private long second;
    private int batched;
    private int updateCount = -1;
    private boolean closed;

    StubPreparedStatement(StubConnection connection, String sql) throws SQLException {
        this.connection = connection;
        this.sql = sql;
        this.rows = rowsOf(sql);
    }

    private static int rowsOf(String sql) throws SQLException {
        if (Workloads.POINT_SELECT.equals(sql)) {
            return 1;
        }
        if (Workloads.TEN_ROW_SELECT.equals(sql)) {
            return 10;
        }
        if (Workloads.UPDATE.equals(sql)) {
            return NOT_A_QUERY;
        }
        throw new SQLException("stub driver: no canned answer for '" + sql + "'", "42000");
    }

    @Override
    public void setInt(int index, int value) throws SQLException {
        setLong(index, value);
    }

    @Override
    public void setLong(int index, long value) throws SQLException {
        checkOpen();
        switch (index) {
            case 1 -> first = value;
            case 2 -> second = value;
            default -> throw new SQLException("stub driver: parameter index out of range: " + index, "07009");
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        first = 0;
        second = 0;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        if (rows == NOT_A_QUERY) {
            throw new SQLException("stub driver: not a query: '" + sql + "'", "07000");
        }
        updateCount = -1;
        return new StubResultSet(this, Math.toIntExact(first), rows);
    }

    @Override
    public int executeUpdate() throws SQLException {
        checkOpen();
        if (rows != NOT_A_QUERY) {
            throw new SQLException("stub driver: a query cannot be executed as an update: '" + sql + "'", "07000");
        }
        updateCount = 1;
        return 1;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (rows != NOT_A_QUERY) {
            throw new SQLException("stub driver: a query cannot be batched: '" + sql + "'", "07000");
        }
        batched++;
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batched = 0;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        checkOpen();
        int[] counts = new int[batched];
        Arrays.fill(counts, 1);
        batched = 0;
        updateCount = -1;
        return counts;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub driver: statement is closed");
        }
        if (connection.isClosed()) {
            throw new SQLException("stub driver: connection is closed", "08003");
        }
    }
}
