package dev.jdbcmetrics.benchmarks;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The ways of reaching the same HikariCP pool that the overhead benchmarks compare. Each
 * instrumented variant records the closest equivalent of jdbc-metrics' own metrics.
 */
public enum Tool {
    /** HikariCP alone: the baseline every overhead is measured against. */
    RAW("raw"),
    /** HikariCP with its own Micrometer pool metrics ({@code MicrometerMetricsTrackerFactory}). */
    HIKARI_MICROMETER("hikari-micrometer"),
    /** jdbc-metrics in code: {@code MeteredDataSource} around the pool. */
    JDBC_METRICS("jdbc-metrics"),
    /**
     * jdbc-metrics in code with the pool's tracker reporting borrows
     * ({@code MeteredDataSource.builder(pool).poolTracker(true)}).
     */
    JDBC_METRICS_TRACKER("jdbc-metrics-tracker"),
    /**
     * jdbc-metrics in code into a {@code SimpleMeterRegistry}: the path of every registry but
     * Prometheus', where histograms are Micrometer timers recorded on the query path.
     */
    JDBC_METRICS_SIMPLE("jdbc-metrics-simple"),
    /** jdbc-metrics by URL: HikariCP's {@code jdbcUrl} set to {@code jdbc:metrics:h2:...}. */
    JDBC_METRICS_URL("jdbc-metrics-url"),
    /** jdbc-metrics by URL with pool metrics: {@code HikariMetrics.instrument} installs its tracker. */
    JDBC_METRICS_URL_POOL("jdbc-metrics-url-pool"),
    /** p6spy with a Micrometer listener timing every execution. */
    P6SPY("p6spy"),
    /** datasource-proxy with a Micrometer query listener. */
    DATASOURCE_PROXY("datasource-proxy"),
    /** datasource-proxy with a Micrometer query listener and result-set row counting. */
    DATASOURCE_PROXY_ROWS("datasource-proxy-rows"),
    /** datasource-micrometer: observations turned into Micrometer timers. */
    DATASOURCE_MICROMETER("datasource-micrometer"),
    /** OpenTelemetry JDBC library instrumentation with an SDK meter provider. */
    OTEL("otel");

    private final String param;

    Tool(String param) {
        this.param = param;
    }

    /** The value used in the JMH {@code tool} parameter. */
    public String param() {
        return param;
    }

    /**
     * Finds a tool by its parameter value.
     *
     * @throws IllegalArgumentException naming the valid values when {@code param} is unknown
     */
    public static Tool of(String param) {
        for (Tool tool : values()) {
            if (tool.param.equals(param)) {
                return tool;
            }
        }
        throw new IllegalArgumentException("Unknown tool '" + param + "'; expected one of: "
                + Arrays.stream(values()).map(Tool::param).collect(Collectors.joining(", ")));
    }
}
