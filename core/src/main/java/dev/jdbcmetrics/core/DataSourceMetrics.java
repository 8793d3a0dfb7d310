package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlAnalysis;
import dev.jdbcmetrics.core.sql.SqlAnalysisCache;
import dev.jdbcmetrics.core.sql.SqlAnalyzer;
import dev.jdbcmetrics.core.sql.SqlNormalizer;
import dev.jdbcmetrics.core.sql.SqlOperation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * All metrics of one datasource: the entry point the JDBC wrappers record through.
 *
 * <p>SQL strings resolve to their {@link QueryMeters} once: the analysis (operation, table,
 * fingerprint) and the meter lookups happen on the first sight of a string, and later
 * executions of the same string cost one hash lookup. The cache is bounded, so memory does not
 * grow with the number of distinct SQL strings, and the {@code table} label is capped
 * per datasource, so neither does the series count.
 *
 * <p>Nothing here throws into a query: if the registry fails while meters are resolved, the SQL
 * gets no-op meters and the failure is reported once through {@link #guard()}.
 */
public final class DataSourceMetrics implements AutoCloseable {

    private final String name;
    private final MetricsConfig config;
    private final Meters meters;
    private final RecordingGuard guard;
    private final SlowQueryLog slowLog;
    private final TableLabels tables;
    private final ConnectionMeters connections;
    private final SqlAnalysisCache<QueryMeters> cache;
    private final Map<String, QueryMeters> byOperationAndTable = new ConcurrentHashMap<>();
    /** Statement mode's top N, or null when it is off. */
    private final StatementTop statements;
    private final AtomicBoolean poolGauges = new AtomicBoolean();
    private final SeriesBudget budget;
    /** The key of the group that label combinations past the series budget record into. */
    private final String overflowKey;
    /** For SQL whose meters could not be registered: recorded, but seen by no registry. */
    private final QueryMeters unpublished;

    private DataSourceMetrics(String name, String jdbcUrl, MeterRegistry registry, MetricsConfig config) {
        this.name = name;
        this.config = config;
        this.guard = new RecordingGuard(name);
        this.meters = new Meters(registry, name, guard, MetricNames.of(config.naming(), jdbcUrl));
        this.slowLog = new SlowQueryLog(name);
        this.tables = new TableLabels(config.maxTables());
        this.budget = new SeriesBudget(config);
        this.overflowKey = groupKey(SqlOperation.OTHER.label(), config.tableLabel() ? TableLabels.OTHER : null);
        this.cache = new SqlAnalysisCache<>(config.sqlCacheSize(), config.maxCachedSqlLength(), this::resolve);
        registerErrorCounter();
        meters.counter(MeterNames.SERIES_OVERFLOW,
                "Recordings past the series budget (maxSeries): executions counted under operation=other,"
                        + " table=other, and failures counted without their sqlstate_class",
                meters.tags(), budget.overflow(), LongAdder::sum);
        this.unpublished = new QueryMeters(OperationMeters.unpublished(config, slowLog), null);
        this.connections = new ConnectionMeters(meters);
        this.statements = config.statementTop() == 0 ? null
                : new StatementTop(config.statementTop(), meters, config, budget);
    }

    /**
     * Creates and registers the metrics of one datasource, or returns the ones already live in
     * {@code registry} under the same name: two pools given the same name (or both left to the
     * default) then count into the same series, as Micrometer's own meters would, instead of one
     * hiding the other. The first creation's configuration wins; each {@code create} is paired with
     * a {@link #close()}, and the meters are removed with the last one.
     *
     * @param name     the {@code datasource} label value
     * @param registry where the meters go
     * @param config   what to measure
     * @throws IllegalArgumentException if the name is blank
     */
    public static DataSourceMetrics create(String name, MeterRegistry registry, MetricsConfig config) {
        return create(name, null, registry, config);
    }

    /**
     * As {@link #create(String, MeterRegistry, MetricsConfig)}, for a datasource whose JDBC URL is
     * known: under {@link Naming#OTEL}, {@code db.system.name} and {@code db.namespace} come from it
     * (never a host, user or password).
     *
     * @param jdbcUrl the real driver's URL, or null when unknown
     */
    public static DataSourceMetrics create(String name, String jdbcUrl, MeterRegistry registry,
            MetricsConfig config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(config, "config");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the datasource name must not be blank");
        }
        return LiveMetrics.acquire(registry, name, () -> new DataSourceMetrics(name, jdbcUrl, registry, config));
    }

    private void registerErrorCounter() {
        meters.counter(MeterNames.RECORDING_ERRORS,
                "Failures inside metric registration, contained so that queries never saw them", meters.tags(),
                guard, RecordingGuard::failures);
    }

    /** The meters for one SQL string; never null, never throws. */
    public QueryMeters query(String sql) {
        try {
            return cache.get(sql == null ? "" : sql);
        } catch (RuntimeException e) {
            guard.failed("query", e);
            return unpublished;
        }
    }

    /** The connection and transaction meters. */
    public ConnectionMeters connections() {
        return connections;
    }

    /** Registers {@code db_connections_active} and {@code db_connections_pending} from the proxy's own counts. */
    public void registerOwnPoolGauges() {
        PoolGauges.builder(this, connections)
                .active(ConnectionMeters::lentOut)
                .pending(ConnectionMeters::waiting)
                .register();
    }

    /** Whether this datasource's pool gauges are registered (they have exactly one source). */
    boolean poolGaugesRegistered() {
        return poolGauges.get();
    }

    /** Claims the pool gauges for the caller: false when another source registered them already. */
    boolean claimPoolGauges() {
        return poolGauges.compareAndSet(false, true);
    }

    /** The {@code datasource} label value. */
    public String name() {
        return name;
    }

    /** What is measured. */
    public MetricsConfig config() {
        return config;
    }

    /** Where recording failures are contained and counted. */
    public RecordingGuard guard() {
        return guard;
    }

    /** The last slow queries of this datasource (at most 20), the most recent first, with normalised SQL. */
    public List<SlowQuery> recentSlowQueries() {
        return slowLog.recent().snapshot();
    }

    /**
     * The datasources whose metrics are live in {@code registry}, or in a composite registry that
     * {@code registry} belongs to (URL mode records into Micrometer's global composite, the exporter
     * serves one of its Prometheus children).
     */
    public static List<DataSourceMetrics> live(MeterRegistry registry) {
        return LiveMetrics.servedBy(registry);
    }

    /** How many SQL strings have their resolution cached now (bounded by the configuration). */
    public int cachedSqlCount() {
        return cache.size();
    }

    /** Removes this datasource's meters from the registry, once every user has closed it. */
    @Override
    public void close() {
        if (LiveMetrics.release(meters.registry(), this)) {
            if (statements != null) {
                statements.close();
            }
            meters.removeAll();
        }
    }

    Meters meters() {
        return meters;
    }

    /** Statement mode's ranking, or null when it is off. */
    StatementTop statements() {
        return statements;
    }

    private QueryMeters resolve(String sql) {
        try {
            SqlAnalysis analysis = SqlAnalyzer.analyze(sql);
            String operation = analysis.operation().label();
            String table = config.tableLabel() ? tables.label(analysis.table()) : null;
            QueryMeters shared = group(operation, table);
            if (statements == null || sql.isBlank()) {
                return shared;
            }
            return forStatement(sql, shared);
        } catch (RuntimeException e) {
            guard.failed("query", e);
            return unpublished;
        }
    }

    private QueryMeters forStatement(String sql, QueryMeters shared) {
        String normalized = SqlNormalizer.normalize(sql);
        return shared.withStatement(statements.candidate(SqlNormalizer.fingerprint(normalized), normalized));
    }

    /**
     * The meters of one operation and table, registered on first use if the series budget holds
     * them; otherwise the overflow group's, counting each execution as overflow.
     */
    private QueryMeters group(String operation, String table) {
        String key = groupKey(operation, table);
        QueryMeters existing = byOperationAndTable.get(key);
        if (existing != null) {
            return existing;
        }
        QueryMeters created = byOperationAndTable.computeIfAbsent(key, k -> k.equals(overflowKey)
                        || budget.tryReserve(SeriesBudget.groupSeries(config))
                ? new QueryMeters(operationMeters(operation, table), null)
                : null);
        if (created != null) {
            return created;
        }
        // The overflow group is reserved from the start; it is registered when first needed.
        QueryMeters overflowGroup = byOperationAndTable.computeIfAbsent(overflowKey, k ->
                new QueryMeters(operationMeters(SqlOperation.OTHER.label(), table == null ? null : TableLabels.OTHER),
                        null));
        return new QueryMeters(overflowGroup.operationMeters(), null, budget.overflow());
    }

    private static String groupKey(String operation, String table) {
        return operation + '\u0000' + table;
    }

    /** The series this datasource has reserved against its budget ({@link MetricsConfig#maxSeries()}). */
    int reservedSeries() {
        return budget.used();
    }

    private OperationMeters operationMeters(String operation, String table) {
        Tags tags = table == null
                ? meters.tags(MeterNames.TAG_OPERATION, operation)
                : meters.tags(MeterNames.TAG_OPERATION, operation, MeterNames.TAG_TABLE, table);
        return OperationMeters.register(meters, tags, operation, table == null ? SqlAnalysis.NO_TABLE : table,
                config, slowLog, budget);
    }

}
