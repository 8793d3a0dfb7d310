package dev.jdbcmetrics.proxy.internal;

import java.sql.CallableStatement;

/** A metered callable statement. Internal API: not for application code. */
public final class MeteredCallableStatement extends DelegatingCallableStatement<CallableStatement> {

    MeteredCallableStatement(CallableStatement delegate, MeteredConnection connection, String sql) {
        super(delegate, connection, sql);
    }
}
