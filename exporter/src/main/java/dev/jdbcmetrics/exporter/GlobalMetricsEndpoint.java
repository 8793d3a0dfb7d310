package dev.jdbcmetrics.exporter;

import dev.jdbcmetrics.core.spi.ProcessEndpoint;
import io.micrometer.core.instrument.Metrics;

/**
 * The process-wide {@code /metrics} endpoint of URL-prefix mode ({@code jdbc:metrics:...}),
 * found by {@link java.util.ServiceLoader} when the exporter module is on the class path. Not
 * for application code: configure it instead.
 *
 * <p>When the system property {@code jdbcmetrics.exporter.port} or the environment variable
 * {@code JDBC_METRICS_EXPORTER_PORT} names a port (0 to 65535; 0 picks a free one, which is
 * logged), the first connection starts one {@link MetricsExporter} on it, serving a new
 * {@code PrometheusMeterRegistry} that is added to Micrometer's {@link Metrics#globalRegistry}.
 * Optional settings, system property first: {@code jdbcmetrics.exporter.host} /
 * {@code JDBC_METRICS_EXPORTER_HOST} (default all interfaces) and
 * {@code jdbcmetrics.exporter.web-config} / {@code JDBC_METRICS_EXPORTER_WEB_CONFIG} (basic
 * auth and TLS). At most one endpoint starts per process; a failure is reported once, to the
 * caller that tried.
 */
public final class GlobalMetricsEndpoint implements ProcessEndpoint {

    private static final ProcessWideEndpoint INSTANCE = new ProcessWideEndpoint(
            System::getProperty, System::getenv, Metrics::addRegistry);

    /** For {@link java.util.ServiceLoader}; all instances share one process-wide state. */
    public GlobalMetricsEndpoint() {
    }

    @Override
    public void startIfConfigured() {
        INSTANCE.startIfConfigured();
    }

    /** The process-wide state, for tests. */
    static ProcessWideEndpoint instance() {
        return INSTANCE;
    }
}
