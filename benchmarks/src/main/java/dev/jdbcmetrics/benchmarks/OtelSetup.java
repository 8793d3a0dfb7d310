package dev.jdbcmetrics.benchmarks;

import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Comparator;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * OpenTelemetry's JDBC library instrumentation with an SDK meter provider read the way a
 * Prometheus exporter reads it: cumulative, on demand. Traces are sampled off, so what is
 * measured is the cost of the metrics path (the instrumenter still runs for every statement).
 */
final class OtelSetup implements AutoCloseable {

    private final PullReader reader = new PullReader();
    private final OpenTelemetrySdk sdk;
    private final DataSource dataSource;

    OtelSetup(DataSource pool) {
        // The stable database conventions carry db.client.operation.duration; the old ones
        // record no metric at all. Read once, when the instrumentation API first loads.
        System.setProperty("otel.semconv-stability.opt-in", "database");
        sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build())
                .build();
        dataSource = JdbcTelemetry.create(sdk).wrap(pool);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** One line per histogram point: {@code name{attributes} count=N}, sorted. */
    String scrape() {
        return reader.registration.collectAllMetrics().stream()
                .flatMap(metric -> metric.getHistogramData().getPoints().stream()
                        .map(point -> line(metric, point)))
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String line(MetricData metric, HistogramPointData point) {
        return metric.getName() + point.getAttributes().asMap().entrySet().stream()
                .map(e -> e.getKey().getKey() + "=\"" + e.getValue() + "\"")
                .sorted()
                .collect(Collectors.joining(",", "{", "}"))
                + " count=" + point.getCount();
    }

    @Override
    public void close() {
        sdk.close();
    }

    /** A pull reader, like the Prometheus exporter's: collects only when asked. */
    private static final class PullReader implements MetricReader {
        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
