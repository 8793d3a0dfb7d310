package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.DataSourceMetrics;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * A lent-out connection: hands out metered statements, times its own use, tracks the current
 * transaction, and on close flushes whatever its statements have not reported yet.
 *
 * <p>Internal API: not for application code.
 */
public final class MeteredConnection extends DelegatingConnection {

    private static final byte AUTO_COMMIT_UNKNOWN = 0;
    private static final byte AUTO_COMMIT_ON = 1;
    private static final byte AUTO_COMMIT_OFF = 2;

    // Few fields on purpose: a wrapper per borrow is the design's only allocation (see
    // AbstractMeteredStatement).
    final DataSourceMetrics metrics;
    private final LeakWatch leakWatch;
    private final long acquiredAt;
    /** Open statements, as an intrusive list through {@link AbstractMeteredStatement}: no allocation. */
    private AbstractMeteredStatement<?> openStatements;
    private long transactionStart;
    private byte autoCommit;
    private boolean closed;

    /**
     * @param delegate    the pool's connection
     * @param metrics     the datasource's metrics
     * @param acquiredAt  {@link System#nanoTime()} when it was lent out, or 0 when its use is not timed
     * @param leakWatch   its leak watch ({@link LeakWatch#NONE} when off)
     */
    MeteredConnection(Connection delegate, DataSourceMetrics metrics, long acquiredAt, LeakWatch leakWatch) {
        super(delegate);
        this.metrics = metrics;
        this.acquiredAt = acquiredAt;
        this.leakWatch = leakWatch;
    }

    /**
     * Wraps a connection just lent out by a pool at {@code acquiredAt} ({@link System#nanoTime()}):
     * its use is timed until close, and watched for leaks when the detector is on.
     */
    public static Connection lent(Connection delegate, DataSourceMetrics metrics, long acquiredAt,
            LeakDetector leakDetector) {
        return new MeteredConnection(delegate, metrics, acquiredAt, leakDetector.watch());
    }

    /** A way of getting a connection: a data source's, a connection builder's, a driver's. */
    @FunctionalInterface
    public interface Acquisition {
        Connection get() throws SQLException;
    }

    /**
     * Gets a connection through {@code acquisition}, timing and counting it as an acquisition
     * (failures by SQLState class), and wraps it as lent out now. The borrow path of
     * {@code MeteredDataSource.getConnection()} writes the same steps out, so it allocates no lambda.
     */
    public static Connection acquire(DataSourceMetrics metrics, LeakDetector leakDetector, Acquisition acquisition)
            throws SQLException {
        metrics.connections().acquireStarted();
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = acquisition.get();
        } catch (SQLException | RuntimeException | Error e) {
            metrics.connections().acquireFailed(System.nanoTime() - start, e);
            throw e;
        }
        long now = System.nanoTime();
        metrics.connections().acquired(now - start);
        return lent(connection, metrics, now, leakDetector);
    }

    /** Wraps a physical connection from a driver; its use is not timed as a pool lease. */
    public static Connection wrapPhysical(Connection delegate, DataSourceMetrics metrics) {
        return new MeteredConnection(delegate, metrics, 0, LeakWatch.NONE);
    }

    // ---- statements ----

    @Override
    public Statement createStatement() throws SQLException {
        return new MeteredStatement(delegate.createStatement(), this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new MeteredStatement(delegate.createStatement(resultSetType, resultSetConcurrency), this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return new MeteredStatement(
                delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new MeteredPreparedStatement(delegate.prepareStatement(sql), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new MeteredPreparedStatement(
                delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return new MeteredPreparedStatement(
                delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return new MeteredPreparedStatement(delegate.prepareStatement(sql, autoGeneratedKeys), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return new MeteredPreparedStatement(delegate.prepareStatement(sql, columnIndexes), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return new MeteredPreparedStatement(delegate.prepareStatement(sql, columnNames), this, sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new MeteredCallableStatement(delegate.prepareCall(sql), this, sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new MeteredCallableStatement(delegate.prepareCall(sql, resultSetType, resultSetConcurrency), this, sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return new MeteredCallableStatement(
                delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), this, sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new MeteredDatabaseMetaData(delegate.getMetaData(), this);
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        boolean wasInTransaction = transactionStart != 0 && autoCommit && isManualCommit();
        delegate.setAutoCommit(autoCommit);
        if (wasInTransaction) {
            // JDBC: switching auto-commit on during a transaction commits it.
            transactionEnded(true);
        }
        this.autoCommit = autoCommit ? AUTO_COMMIT_ON : AUTO_COMMIT_OFF;
        transactionStart = 0;
    }

    @Override
    public void commit() throws SQLException {
        delegate.commit();
        endTransaction(true);
    }

    @Override
    public void rollback() throws SQLException {
        delegate.rollback();
        endTransaction(false);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        delegate.rollback(savepoint);
    }

    // ---- lifecycle ----

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        try {
            closing(true);
            delegate.close();
        } finally {
            released();
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        // Abort ends the lease as close does, without close being called: count it the same way.
        if (closed) {
            delegate.abort(executor);
            return;
        }
        try {
            closing(false);
            delegate.abort(executor);
        } finally {
            released();
        }
    }

    /** @param mayAskDriver false when aborting: the driver may be stuck in a query and block on any call */
    private void closing(boolean mayAskDriver) {
        closed = true;
        leakWatch.cancel();
        for (AbstractMeteredStatement<?> s = openStatements; s != null; s = s.nextOpen) {
            s.connectionClosing();
        }
        openStatements = null;
        if (transactionStart != 0 && (mayAskDriver ? isManualCommit() : autoCommit == AUTO_COMMIT_OFF)) {
            // A transaction left open ends here: HikariCP rolls a dirty connection back when it
            // returns, and PostgreSQL, MySQL and H2 roll back on close, as URL mode then sees.
            transactionEnded(false);
        }
    }

    private void released() {
        if (acquiredAt != 0) {
            metrics.connections().released(System.nanoTime() - acquiredAt);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    // ---- called by the statements ----

    /**
     * A statement is about to execute at {@code startNanos}: the transaction clock starts with the
     * first statement since the last commit, rollback or auto-commit change. Whether the
     * connection is in auto-commit mode is only asked when a transaction ends, so a statement
     * costs one field check here.
     */
    void executing(long startNanos) {
        if (transactionStart == 0) {
            transactionStart = startNanos;
        }
    }

    void opened(AbstractMeteredStatement<?> statement) {
        statement.nextOpen = openStatements;
        openStatements = statement;
    }

    void closed(AbstractMeteredStatement<?> statement) {
        // Statements usually close in reverse order of opening: the one closing is at the head.
        if (openStatements == statement) {
            openStatements = statement.nextOpen;
        } else {
            for (AbstractMeteredStatement<?> s = openStatements; s != null; s = s.nextOpen) {
                if (s.nextOpen == statement) {
                    s.nextOpen = statement.nextOpen;
                    break;
                }
            }
        }
        statement.nextOpen = null;
    }

    private boolean isManualCommit() {
        if (autoCommit == AUTO_COMMIT_UNKNOWN) {
            try {
                autoCommit = delegate.getAutoCommit() ? AUTO_COMMIT_ON : AUTO_COMMIT_OFF;
            } catch (SQLException | RuntimeException e) {
                return false; // cannot tell: measure no transaction rather than disturb the caller
            }
        }
        return autoCommit == AUTO_COMMIT_OFF;
    }

    private void endTransaction(boolean committed) {
        if (isManualCommit()) {
            transactionEnded(committed);
        }
        transactionStart = 0;
    }

    private void transactionEnded(boolean committed) {
        long start = transactionStart;
        transactionStart = 0;
        metrics.connections().transactionEnded(committed, start == 0 ? 0 : System.nanoTime() - start);
    }
}
