package dev.jdbcmetrics.benchmarks.stub;

import java.sql.Connection;

/**
 * What tools read about the database when they wrap a connection: p6spy reads the URL on every
 * {@code getConnection}, OpenTelemetry and datasource-proxy once per data source or connection.
 * One per connection, made when first asked for, as pgjdbc does.
 */
final class StubDatabaseMetaData extends UnsupportedDatabaseMetaData {

    private final StubConnection connection;

    StubDatabaseMetaData(StubConnection connection) {
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public String getUserName() {
        return connection.user();
    }

    @Override
    public String getDatabaseProductName() {
        return "Stub";
    }

    @Override
    public String getDatabaseProductVersion() {
        return "1.0";
    }

    @Override
    public String getDriverName() {
        return StubDriver.class.getName();
    }

    @Override
    public String getDriverVersion() {
        return "1.0";
    }

    @Override
    public int getDriverMajorVersion() {
        return 1;
    }

    @Override
    public int getDriverMinorVersion() {
        return 0;
    }
}
