package dev.jdbcmetrics.spring.boot;

import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.MetricsSettings;
import dev.jdbcmetrics.core.MetricsSettings.Form;
import dev.jdbcmetrics.core.MetricsSettings.Setting;
import dev.jdbcmetrics.core.Naming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code jdbc-metrics.*} properties: the settings of DESIGN.md's settings table in their
 * Spring Boot spelling, plus {@code enabled}, {@code exclude-beans} and the optional endpoint
 * {@code exporter.*}.
 *
 * <pre>
 * jdbc-metrics.exclude-beans=reportingDataSource
 * jdbc-metrics.slow-query-threshold=500ms
 * jdbc-metrics.statement-top=20
 * </pre>
 *
 * <p>Every value is checked as it is bound, by the same rules (and with the same messages) as
 * the URL's and the sidecar's spellings ({@link MetricsSettings}); an unknown
 * {@code jdbc-metrics.*} key is refused too. Either fails startup with Boot's "Failed to bind
 * properties under 'jdbc-metrics…'" report naming the property.
 */
@ConfigurationProperties(prefix = "jdbc-metrics", ignoreUnknownFields = false)
public class JdbcMetricsProperties implements InitializingBean {

    /**
     * Whether the DataSource beans are metered. false leaves every bean as it is and registers no
     * meter.
     */
    private boolean enabled = true;

    /** Names of DataSource beans to leave unwrapped (not metered). */
    private Set<String> excludeBeans = new LinkedHashSet<>();

    /**
     * Whether query metrics carry the table label (the statement's main table). false drops it,
     * for workloads whose table names should not become series.
     */
    private boolean tableLabel = true;

    /**
     * Distinct table label values kept per datasource; statements on further tables are labelled
     * 'other'. At least 1.
     */
    private int maxTables = 100;

    /**
     * Series kept per datasource (the series cap): past it, new operation and table combinations
     * record under operation and table 'other' and count in db_series_overflow_total. Must hold
     * the datasource's fixed series and that overflow group (118 with the default buckets).
     */
    private int maxSeries = 10_000;

    /**
     * Executions at least this slow are counted in db_slow_queries_total and logged (rate-limited)
     * with their normalised SQL. Positive.
     */
    private Duration slowQueryThreshold = Duration.ofSeconds(1);

    /**
     * Connections held longer than this are counted in db_connection_leaks_total and logged once
     * with the stack that took them. 0 (the default) turns leak detection off.
     */
    private Duration leakThreshold = Duration.ZERO;

    /**
     * Statement mode: per-statement series (db_statement_*) for the top N statements of each
     * datasource by total execution time. 0 (the default) turns it off.
     */
    private int statementTop = 0;

    /**
     * Upper bounds of the db_query_duration_seconds buckets, in seconds: positive, finite and
     * strictly ascending.
     */
    private List<Double> durationBuckets = toList(MetricsConfig.DEFAULT_DURATION_BUCKETS);

    /**
     * Whether duration histograms are also kept as Prometheus native histograms (served in the
     * protobuf exposition when the scraper asks for it; classic buckets stay).
     */
    private boolean nativeHistograms = false;

    /**
     * Metric names: prometheus (db_queries_executed_total, ...) or otel (the OpenTelemetry database
     * semantic conventions, db.client.operation.duration, ...).
     */
    private Naming naming = Naming.PROMETHEUS;

    /** An endpoint of jdbc-metrics' own, beside actuator's. */
    private final Exporter exporter = new Exporter();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Set<String> getExcludeBeans() {
        return excludeBeans;
    }

    public void setExcludeBeans(Set<String> excludeBeans) {
        this.excludeBeans = new LinkedHashSet<>(excludeBeans);
    }

    public boolean isTableLabel() {
        return tableLabel;
    }

    public void setTableLabel(boolean tableLabel) {
        this.tableLabel = tableLabel;
    }

    public int getMaxTables() {
        return maxTables;
    }

    public void setMaxTables(int maxTables) {
        check(Setting.MAX_TABLES, Integer.toString(maxTables));
        this.maxTables = maxTables;
    }

    public int getMaxSeries() {
        return maxSeries;
    }

    public void setMaxSeries(int maxSeries) {
        check(Setting.MAX_SERIES, Integer.toString(maxSeries));
        this.maxSeries = maxSeries;
    }

    public Duration getSlowQueryThreshold() {
        return slowQueryThreshold;
    }

    public void setSlowQueryThreshold(Duration slowQueryThreshold) {
        check(Setting.SLOW_QUERY_THRESHOLD, asSetting(slowQueryThreshold));
        this.slowQueryThreshold = slowQueryThreshold;
    }

    public Duration getLeakThreshold() {
        return leakThreshold;
    }

    public void setLeakThreshold(Duration leakThreshold) {
        check(Setting.LEAK_THRESHOLD, asSetting(leakThreshold));
        this.leakThreshold = leakThreshold;
    }

    public int getStatementTop() {
        return statementTop;
    }

    public void setStatementTop(int statementTop) {
        check(Setting.STATEMENT_TOP, Integer.toString(statementTop));
        this.statementTop = statementTop;
    }

    public List<Double> getDurationBuckets() {
        return durationBuckets;
    }

    public void setDurationBuckets(List<Double> durationBuckets) {
        check(Setting.DURATION_BUCKETS, durationBuckets.stream().map(String::valueOf).collect(Collectors.joining(",")));
        this.durationBuckets = new ArrayList<>(durationBuckets);
    }

    public boolean isNativeHistograms() {
        return nativeHistograms;
    }

    public void setNativeHistograms(boolean nativeHistograms) {
        this.nativeHistograms = nativeHistograms;
    }

    public Naming getNaming() {
        return naming;
    }

    public void setNaming(Naming naming) {
        this.naming = Objects.requireNonNull(naming);
    }

    public Exporter getExporter() {
        return exporter;
    }

    /**
     * Checks the properties together once all are bound: the series cap must hold what the
     * buckets add up to, which no single property can tell as it is bound. Fails startup with a
     * message naming {@code jdbc-metrics.max-series}.
     */
    @Override
    public void afterPropertiesSet() {
        toMetricsConfig();
    }

    /** The configuration these properties describe. */
    public MetricsConfig toMetricsConfig() {
        return MetricsSettings.build(MetricsConfig.builder()
                .tableLabel(tableLabel)
                .maxTables(maxTables)
                .maxSeries(maxSeries)
                .slowQueryThreshold(slowQueryThreshold)
                .leakThreshold(leakThreshold)
                .statementTop(statementTop)
                .durationBuckets(durationBuckets.stream().mapToDouble(Double::doubleValue).toArray())
                .nativeHistograms(nativeHistograms)
                .naming(naming), Form.SPRING_BOOT);
    }

    /** Checks one bound value by the settings table's rules, so the message is the same in every form. */
    private static void check(Setting setting, String value) {
        try {
            MetricsSettings.apply(Map.of(setting.key(Form.SPRING_BOOT), value), Form.SPRING_BOOT, MetricsConfig.builder());
        } catch (IllegalArgumentException e) {
            // Boot's failure report shows the innermost message: make it the one that names the property.
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A bound duration in the settings table's spelling: whole milliseconds as {@code 500ms}, else ISO-8601. */
    private static String asSetting(Duration duration) {
        Objects.requireNonNull(duration);
        return duration.toNanos() % 1_000_000 == 0 ? duration.toMillis() + "ms" : duration.toString();
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    /**
     * {@code jdbc-metrics.exporter.*}: serves {@code /metrics} with jdbc-metrics-exporter's
     * {@code MetricsExporter} (needs that artifact and a {@code PrometheusMeterRegistry} bean), for
     * a scrape port apart from the application's. Off unless a port is set; actuator's
     * {@code /actuator/prometheus} is the usual path.
     */
    public static class Exporter {

        /**
         * Port of a /metrics endpoint of its own (jdbc-metrics-exporter on the class path). Unset
         * (the default) serves nothing; 0 picks a free port.
         */
        private Integer port;

        /** Host name or address the endpoint listens on. Default: all interfaces. */
        private String host;

        /**
         * A web-config.yml (Prometheus exporter-toolkit format) turning on basic authentication
         * and TLS for the endpoint.
         */
        private String webConfig;

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("jdbc-metrics.exporter.port must be 0 to 65535, was " + port);
            }
            this.port = port;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public String getWebConfig() {
            return webConfig;
        }

        public void setWebConfig(String webConfig) {
            this.webConfig = webConfig;
        }
    }
}
