package dev.jdbcmetrics.proxy.internal;

import java.sql.PreparedStatement;

/** A metered prepared statement. Internal API: not for application code. */
public final class MeteredPreparedStatement extends AbstractMeteredPreparedStatement<PreparedStatement> {

    MeteredPreparedStatement(PreparedStatement delegate, MeteredConnection connection, String sql) {
        super(delegate, connection, sql);
    }
}
