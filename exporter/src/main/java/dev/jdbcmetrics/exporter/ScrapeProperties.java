package dev.jdbcmetrics.exporter;

import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;

/**
 * The client_java properties our scrape handlers use: the process's own
 * ({@code io.prometheus.*} system properties, {@code prometheus.properties}), except that text
 * 0.0.4 always writes sample timestamps in milliseconds, as the format requires. client_java
 * writes {@code 1700000000.000} there by default (for backwards compatibility), which Prometheus
 * and {@code promtool check metrics} reject; only samples that carry their own time (a sidecar
 * collector's {@code timestamp_value}) have one, Micrometer's meters never do.
 */
public final class ScrapeProperties {

    private ScrapeProperties() {
    }

    /**
     * @return the properties for a {@code PrometheusScrapeHandler}; with a client_java older than
     *         the one we build against (Spring Boot 3.4 and 3.5 bring 1.3 and 1.4, which lack
     *         part of the builder), the process's properties as they are
     */
    public static PrometheusProperties get() {
        PrometheusProperties base = PrometheusProperties.get();
        try {
            return withTimestampsInMs(base);
        } catch (LinkageError olderClientJava) {
            return base;
        }
    }

    private static PrometheusProperties withTimestampsInMs(PrometheusProperties base) {
        ExporterProperties exporter = base.getExporterProperties();
        return PrometheusProperties.builder()
                .defaultMetricsProperties(base.getDefaultMetricProperties())
                .exemplarProperties(base.getExemplarProperties())
                .exporterProperties(ExporterProperties.builder()
                        .includeCreatedTimestamps(exporter.getIncludeCreatedTimestamps())
                        .exemplarsOnAllMetricTypes(exporter.getExemplarsOnAllMetricTypes())
                        .prometheusTimestampsInMs(true)
                        .build())
                .exporterFilterProperties(base.getExporterFilterProperties())
                .exporterHttpServerProperties(base.getExporterHttpServerProperties())
                .pushgatewayProperties(base.getExporterPushgatewayProperties())
                .exporterOpenTelemetryProperties(base.getExporterOpenTelemetryProperties())
                .openMetrics2Properties(base.getOpenMetrics2Properties())
                .build();
    }
}
