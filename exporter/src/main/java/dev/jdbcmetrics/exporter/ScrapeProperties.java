package dev.jdbcmetrics.exporter;

import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;

/**
 * The client_java properties our scrape handlers use: the process's own
 * ({@code io.prometheus.*} system properties, {@code prometheus.properties}), except that text
 * 0.0.4 always writes sample timestamps in milliseconds, as the format requires. client_java
 * writes {@code 1700000000.000} there by default (for backwards compatibility), which Prometheus
 * and {@code promtool check metrics} reject; only samples that carry their own time (a sidecar
 * collector's {@code timestamp_value}) have one.
 */
public final class ScrapeProperties {

    private ScrapeProperties() {
    }

    /** @return the properties for a {@code PrometheusScrapeHandler} */
    public static PrometheusProperties get() {
        PrometheusProperties base = PrometheusProperties.get();
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
