package dev.jdbcmetrics.proxy.internal;

import java.sql.Statement;

/** A metered plain statement. Internal API: not for application code. */
public final class MeteredStatement extends AbstractMeteredStatement<Statement> {

    MeteredStatement(Statement delegate, MeteredConnection connection) {
        super(delegate, connection);
    }
}
