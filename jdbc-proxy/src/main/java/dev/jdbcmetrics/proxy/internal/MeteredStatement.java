package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.QueryMeters;
import java.sql.Statement;

/** A metered plain statement. Internal API: not for application code. */
public final class MeteredStatement extends AbstractMeteredStatement<Statement> {

    /** The meters of the last execution, for the result sets it yields. */
    private QueryMeters lastMeters;
    /** A batch counts as one execution, attributed to its first statement. */
    private QueryMeters batchMeters;

    MeteredStatement(Statement delegate, MeteredConnection connection) {
        super(delegate, connection);
    }

    @Override
    void batchAdded(String sql) {
        if (batchMeters == null) {
            batchMeters = meters(sql);
        }
    }

    @Override
    void batchCleared() {
        batchMeters = null;
    }

    @Override
    QueryMeters takeBatchMeters() {
        QueryMeters meters = batchMeters;
        batchMeters = null;
        return meters != null ? meters : meters("");
    }

    @Override
    void executingWith(QueryMeters meters) {
        lastMeters = meters;
    }

    @Override
    QueryMeters resultMeters() {
        return lastMeters != null ? lastMeters : meters("");
    }
}
