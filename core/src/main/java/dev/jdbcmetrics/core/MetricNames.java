package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlAnalysis;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names, tags and units each metric is published under, per {@link Naming}: the one place the
 * naming decisions live. The rest of core names metrics as {@link MeterNames} does (the
 * Prometheus naming, in Micrometer's dotted form) and asks this table what to register.
 *
 * <p>{@link Naming#OTEL} follows the OpenTelemetry database semantic conventions:
 *
 * <table>
 *   <caption>Names under {@code naming=otel}</caption>
 *   <tr><th>ours</th><th>OpenTelemetry</th></tr>
 *   <tr><td>{@code db.query.duration}</td><td>{@code db.client.operation.duration} (s)</td></tr>
 *   <tr><td>{@code db.query.rows}</td><td>{@code db.client.response.returned_rows} ({row})</td></tr>
 *   <tr><td>{@code db.connections.active}, {@code _idle}</td><td>{@code db.client.connection.count}
 *       with {@code db.client.connection.state} = {@code used}, {@code idle}</td></tr>
 *   <tr><td>{@code db.connections.max}</td><td>{@code db.client.connection.max} and
 *       {@code db.client.connection.idle.max} (a pool keeps at most its maximum idle)</td></tr>
 *   <tr><td>{@code db.connections.min}</td><td>{@code db.client.connection.idle.min}</td></tr>
 *   <tr><td>{@code db.connections.pending}</td><td>{@code db.client.connection.pending_requests}</td></tr>
 *   <tr><td>{@code db.connection.acquire.failures}</td><td>{@code db.client.connection.timeouts}</td></tr>
 *   <tr><td>{@code db.connection.acquire}, {@code .usage}</td><td>{@code db.client.connection.wait_time},
 *       {@code .use_time} (s)</td></tr>
 *   <tr><td>{@code db.queries.executed}, {@code .failed}, {@code db.rows.returned}</td><td>not
 *       published: the duration histogram's count (by {@code error.type}) and the rows histogram's
 *       sum carry them</td></tr>
 *   <tr><td>everything else (rows affected, slow queries, leaks, transactions, saturation,
 *       statement mode)</td><td>our names, which the conventions have no equivalent for</td></tr>
 * </table>
 *
 * <p>Attributes: {@code datasource} becomes {@code db.client.connection.pool.name} (on every metric,
 * so that two datasources never share a series), {@code operation} becomes
 * {@code db.operation.name} (upper case: {@code SELECT}, …, {@code DDL}, {@code OTHER}),
 * {@code table} becomes {@code db.collection.name} (empty when there is none), and query metrics
 * gain {@code db.system.name} and {@code db.namespace} from the JDBC URL. The duration histogram
 * has {@code error.type} and {@code db.response.status_code} (the SQLState; both empty on success)
 * instead of {@code outcome}; {@code sqlstate_class} is dropped where the conventions count
 * without it.
 */
final class MetricNames {

    static final String OTEL_POOL_NAME = "db.client.connection.pool.name";
    static final String OTEL_ERROR_TYPE = "error.type";
    static final String OTEL_STATUS_CODE = "db.response.status_code";

    private static final String OTEL_STATE = "db.client.connection.state";

    /** One name a metric is published under, with its tags (in the table: the tags added to its own). */
    record Target(String name, Tags tags, String baseUnit) {
    }

    private static final Map<String, List<Target>> OTEL = Map.ofEntries(
            Map.entry(MeterNames.QUERY_DURATION, one("db.client.operation.duration", null)),
            Map.entry(MeterNames.QUERY_ROWS, one("db.client.response.returned_rows", "{row}")),
            Map.entry(MeterNames.QUERIES_EXECUTED, List.of()),
            Map.entry(MeterNames.QUERIES_FAILED, List.of()),
            Map.entry(MeterNames.ROWS_RETURNED, List.of()),
            Map.entry(MeterNames.CONNECTIONS_ACTIVE,
                    List.of(new Target("db.client.connection.count", Tags.of(OTEL_STATE, "used"), null))),
            Map.entry(MeterNames.CONNECTIONS_IDLE,
                    List.of(new Target("db.client.connection.count", Tags.of(OTEL_STATE, "idle"), null))),
            Map.entry(MeterNames.CONNECTIONS_MAX, List.of(new Target("db.client.connection.max", Tags.empty(), null),
                    new Target("db.client.connection.idle.max", Tags.empty(), null))),
            Map.entry(MeterNames.CONNECTIONS_MIN, one("db.client.connection.idle.min", null)),
            Map.entry(MeterNames.CONNECTIONS_PENDING, one("db.client.connection.pending_requests", null)),
            Map.entry(MeterNames.CONNECTION_ACQUIRE_FAILURES, one("db.client.connection.timeouts", null)),
            Map.entry(MeterNames.CONNECTION_ACQUIRE, one("db.client.connection.wait_time", null)),
            Map.entry(MeterNames.CONNECTION_USAGE, one("db.client.connection.use_time", null)));

    private final Naming naming;
    private final String dbSystem;
    private final String dbNamespace;

    private MetricNames(Naming naming, String jdbcUrl) {
        this.naming = naming;
        this.dbSystem = JdbcUrls.dbSystemName(jdbcUrl);
        this.dbNamespace = JdbcUrls.databaseName(jdbcUrl);
    }

    /**
     * The table for {@code naming}.
     *
     * @param jdbcUrl the datasource's JDBC URL, for {@code db.system.name} and {@code db.namespace};
     *                null when unknown ({@code other_sql} and an empty namespace)
     */
    static MetricNames of(Naming naming, String jdbcUrl) {
        return new MetricNames(naming, jdbcUrl);
    }

    Naming naming() {
        return naming;
    }

    /**
     * What metric {@code metric} (a {@link MeterNames} name) tagged {@code tags} (with
     * {@link MeterNames}' tag keys) is published as: usually one target, none when this naming has
     * no such metric, two where one value answers two names.
     */
    List<Target> targets(String metric, Tags tags) {
        if (naming == Naming.PROMETHEUS) {
            return List.of(new Target(metric, tags, metric.equals(MeterNames.QUERY_ROWS) ? "rows" : null));
        }
        List<Target> renamed = OTEL.get(metric);
        Tags otelTags = otelTags(metric, tags);
        if (renamed == null) {
            return List.of(new Target(metric, otelTags, metric.equals(MeterNames.QUERY_ROWS) ? "rows" : null));
        }
        return renamed.stream().map(t -> new Target(t.name, otelTags.and(t.tags), t.baseUnit)).toList();
    }

    private Tags otelTags(String metric, Tags tags) {
        Tags out = Tags.empty();
        boolean queryLevel = false;
        for (Tag tag : tags) {
            String value = tag.getValue();
            switch (tag.getKey()) {
                case MeterNames.TAG_DATASOURCE -> out = out.and(OTEL_POOL_NAME, value);
                case MeterNames.TAG_OPERATION -> {
                    out = out.and("db.operation.name", value.toUpperCase(Locale.ROOT));
                    queryLevel = true;
                }
                case MeterNames.TAG_TABLE -> out = out.and("db.collection.name",
                        value.equals(SqlAnalysis.NO_TABLE) ? "" : value);
                case MeterNames.TAG_SQLSTATE_CLASS -> {
                    // counted without it: db.client.connection.timeouts has no such attribute
                }
                case MeterNames.TAG_OUTCOME -> {
                    if (!metric.equals(MeterNames.QUERY_DURATION)) {
                        out = out.and(tag);
                    }
                }
                default -> out = out.and(tag);
            }
        }
        if (queryLevel) {
            out = out.and("db.system.name", dbSystem, "db.namespace", dbNamespace);
        }
        return out;
    }

    private static List<Target> one(String name, String baseUnit) {
        return List.of(new Target(name, Tags.empty(), baseUnit));
    }
}
