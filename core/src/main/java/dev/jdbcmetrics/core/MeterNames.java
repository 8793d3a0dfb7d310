package dev.jdbcmetrics.core;

/**
 * The meter names and tag keys, in Micrometer's dotted form; registries translate them
 * ({@code db.queries.executed} becomes {@code db_queries_executed_total} in Prometheus).
 */
public final class MeterNames {

    public static final String QUERIES_EXECUTED = "db.queries.executed";
    public static final String QUERIES_FAILED = "db.queries.failed";
    public static final String QUERY_DURATION = "db.query.duration";
    public static final String ROWS_RETURNED = "db.rows.returned";
    public static final String QUERY_ROWS = "db.query.rows";
    public static final String ROWS_AFFECTED = "db.rows.affected";
    public static final String SLOW_QUERIES = "db.slow.queries";

    public static final String CONNECTIONS_ACTIVE = "db.connections.active";
    public static final String CONNECTIONS_IDLE = "db.connections.idle";
    public static final String CONNECTIONS_PENDING = "db.connections.pending";
    public static final String CONNECTIONS_MAX = "db.connections.max";
    public static final String CONNECTIONS_MIN = "db.connections.min";
    public static final String POOL_SATURATION = "db.pool.saturation.ratio";
    public static final String CONNECTION_ACQUIRE = "db.connection.acquire";
    public static final String CONNECTION_USAGE = "db.connection.usage";
    public static final String CONNECTION_ACQUIRE_FAILURES = "db.connection.acquire.failures";
    public static final String CONNECTION_LEAKS = "db.connection.leaks";

    public static final String TRANSACTIONS = "db.transactions";
    public static final String TRANSACTION_DURATION = "db.transaction.duration";

    public static final String STATEMENT_EXECUTED = "db.statement.executed";
    public static final String STATEMENT_DURATION = "db.statement.duration";
    public static final String STATEMENT_ROWS = "db.statement.rows";
    public static final String STATEMENT_INFO = "db.statement.info";
    public static final String STATEMENT_EVICTED = "db.statement.evicted";

    /** Failures inside metric recording itself, contained so that queries never see them. */
    public static final String RECORDING_ERRORS = "jdbc.metrics.recording.errors";
    public static final String SERIES_OVERFLOW = "db.series.overflow";

    public static final String TAG_DATASOURCE = "datasource";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_TABLE = "table";
    public static final String TAG_SQLSTATE_CLASS = "sqlstate_class";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_FINGERPRINT = "fingerprint";
    public static final String TAG_SQL = "sql";

    private MeterNames() {
    }
}
