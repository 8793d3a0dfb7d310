package dev.jdbcmetrics.benchmarks.stub;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection to nothing: it keeps the state HikariCP reads, sets and resets (auto-commit,
 * read-only, isolation, catalog, schema, network timeout) in fields and prepares
 * {@link StubPreparedStatement}s. Commit and rollback have nothing to do.
 */
final class StubConnection extends UnsupportedConnection {

    private final String url;
    private final String user;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = TRANSACTION_READ_COMMITTED;
    private String catalog;
    private String schema;
    private int networkTimeoutMillis;
    private StubDatabaseMetaData metaData;
    // HikariCP's housekeeper may close a connection from another thread.
    private volatile boolean closed;

    StubConnection(String url, String user) {
        this.url = url;
        this.user = user;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new StubPreparedStatement(this, sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            metaData = new StubDatabaseMetaData(this);
        }
        return metaData;
    }

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw new SQLException("stub driver: isValid timeout must not be negative: " + timeoutSeconds);
        }
        return !closed;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        this.autoCommit = autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        isolation = level;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return catalog;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        this.catalog = catalog;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return schema;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        this.schema = schema;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("stub driver: network timeout must not be negative: " + milliseconds);
        }
        networkTimeoutMillis = milliseconds;
    }

    /** No client info; OpenTelemetry reads it once per data source. */
    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        return new Properties();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void abort(Executor executor) {
        closed = true;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub driver: connection is closed", "08003");
        }
    }
}
