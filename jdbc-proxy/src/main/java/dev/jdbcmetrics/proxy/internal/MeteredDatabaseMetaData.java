package dev.jdbcmetrics.proxy.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * Database metadata whose {@link #getConnection()} returns the metered connection. Its result
 * sets are left unmetered: catalogue lookups are not the application's queries.
 *
 * <p>Internal API: not for application code.
 */
public final class MeteredDatabaseMetaData extends DelegatingDatabaseMetaData {

    private final MeteredConnection connection;

    MeteredDatabaseMetaData(DatabaseMetaData delegate, MeteredConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
