package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Native histograms (opt-in) next to the classic buckets, in the protobuf exposition, and exemplars
 * of the current OpenTelemetry span (a real SDK tracer) in OpenMetrics and protobuf.
 */
class NativeHistogramsTest {

    private static final long MS = 1_000_000;
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<ReadableSpan> ended = new ArrayList<>();
    // The SDK hands out no-op tracers when no span processor is registered: this one keeps the ended spans.
    private final SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.add(span);
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }).build();

    @AfterEach
    void close() {
        registry.close();
        tracing.close();
    }

    @Test
    void bucketIndexesFollowSchemaThree() {
        assertThat(NativeBuckets.index(1.0)).isZero();              // (2^(-1/8), 1]
        assertThat(NativeBuckets.index(1.0000001)).isEqualTo(1);    // (1, 2^(1/8)]
        assertThat(NativeBuckets.index(Math.pow(2, 1.0 / 8))).isEqualTo(1);
        assertThat(NativeBuckets.index(2.0)).isEqualTo(8);
        assertThat(NativeBuckets.index(0.5)).isEqualTo(-8);
        // 1 ms: log2(0.001) * 8 = -79.73, so bucket -79, bounded by 2^(-79/8) = 0.001054
        assertThat(NativeBuckets.index(0.001)).isEqualTo(-79);
        assertThat(NativeBuckets.index(0.00025)).isEqualTo(-95); // log2 * 8 = -95.73
    }

    @Test
    void nativeBucketsGoToProtobufNextToTheClassicOnes() throws IOException {
        DataSourceMetrics metrics = DataSourceMetrics.create("native", registry,
                MetricsConfig.builder().nativeHistograms(true).build());
        QueryMeters query = metrics.query("SELECT * FROM orders WHERE id = ?");
        for (int i = 0; i < 3; i++) {
            query.succeeded(1 * MS, null); // bucket -79
        }
        query.succeeded(250_000, null);   // 0.25 ms: bucket -95
        query.succeeded(0, null);         // the zero bucket

        Metrics.Histogram histogram = successDuration(protobuf());
        assertThat(histogram.getSchema()).isEqualTo(3);
        assertThat(histogram.getSampleCount()).isEqualTo(5);
        assertThat(histogram.getSampleSum()).isCloseTo(0.00325, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(histogram.getZeroCount()).isEqualTo(1);
        assertThat(histogram.getZeroThreshold()).isEqualTo(Math.pow(2, -128));
        // spans and deltas as the format has them: bucket -95 (1), then 15 empty, then -79 (3)
        assertThat(histogram.getPositiveSpanList()).extracting(Metrics.BucketSpan::getOffset,
                Metrics.BucketSpan::getLength).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(-95, 1), org.assertj.core.groups.Tuple.tuple(15, 1));
        assertThat(histogram.getPositiveDeltaList()).containsExactly(1L, 2L);
        // the classic buckets are still there, in protobuf and in text
        assertThat(histogram.getBucketCount()).isEqualTo(MetricsConfig.DEFAULT_DURATION_BUCKETS.length + 1); // +Inf
        assertThat(histogram.getBucket(0).getUpperBound()).isEqualTo(0.0005);
        assertThat(histogram.getBucket(0).getCumulativeCount()).isEqualTo(2);
        assertThat(histogram.getBucket(1).getCumulativeCount()).isEqualTo(5);
        assertThat(registry.scrape()).contains(
                "db_query_duration_seconds_bucket{datasource=\"native\",operation=\"select\",outcome=\"success\","
                        + "table=\"orders\",le=\"0.001\"} 5");
        metrics.close();
    }

    @Test
    void withoutTheSettingThereAreNoNativeBuckets() throws IOException {
        DataSourceMetrics metrics = DataSourceMetrics.create("classic", registry, MetricsConfig.defaults());
        metrics.query("SELECT 1").succeeded(MS, null);
        Metrics.Histogram histogram = successDuration(protobuf());
        assertThat(histogram.getPositiveSpanCount()).isZero();
        assertThat(histogram.hasSchema()).isFalse();
        assertThat(histogram.getBucketCount()).isEqualTo(MetricsConfig.DEFAULT_DURATION_BUCKETS.length + 1);
        metrics.close();
    }

    @Test
    void theDurationCarriesTheCurrentSpanAsExemplar() throws IOException {
        DataSourceMetrics metrics = DataSourceMetrics.create("traced", registry,
                MetricsConfig.builder().nativeHistograms(true).statementTop(1).build());
        String sql = "UPDATE orders SET status = ? WHERE id = ?";
        QueryMeters query = metrics.query(sql);
        query.succeeded(3 * MS, sql); // no span: no exemplar
        Span span = tracing.get("test").spanBuilder("checkout").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            query.succeeded(20 * MS, sql); // bucket (0.01, 0.025]
        } finally {
            span.end();
        }
        assertThat(ended).hasSize(1);
        String traceId = ended.get(0).getSpanContext().getTraceId();
        String spanId = ended.get(0).getSpanContext().getSpanId();
        assertThat(traceId).hasSize(32).isNotEqualTo("0".repeat(32));

        String openMetrics = registry.scrape(OPENMETRICS);
        String exemplar = " # {span_id=\"" + spanId + "\",trace_id=\"" + traceId + "\"} 0.02 ";
        assertThat(openMetrics.lines().filter(l -> l.contains(exemplar)))
                .anySatisfy(l -> assertThat(l).startsWith("db_query_duration_seconds_bucket{").contains("le=\"0.025\""))
                .anySatisfy(l -> assertThat(l).startsWith("db_statement_duration_seconds_bucket{")
                        .contains("le=\"0.025\""))
                // client_java's OpenMetrics writer repeats the latest exemplar on the _count line
                .anySatisfy(l -> assertThat(l).startsWith("db_query_duration_seconds_count{"))
                .anySatisfy(l -> assertThat(l).startsWith("db_statement_duration_seconds_count{"))
                .hasSize(4);
        assertThat(openMetrics.lines().filter(l -> l.contains("# {"))).hasSize(4);
        // the text format 0.0.4 has no exemplars
        assertThat(registry.scrape()).doesNotContain(traceId);

        Metrics.Histogram histogram = successDuration(protobuf());
        List<Metrics.Exemplar> exemplars = new ArrayList<>();
        histogram.getBucketList().forEach(b -> {
            if (b.hasExemplar()) {
                exemplars.add(b.getExemplar());
            }
        });
        exemplars.addAll(histogram.getExemplarsList());
        assertThat(exemplars).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getValue()).isEqualTo(0.02);
            assertThat(e.getLabelList()).extracting(Metrics.LabelPair::getName, Metrics.LabelPair::getValue)
                    .contains(org.assertj.core.groups.Tuple.tuple("trace_id", traceId),
                            org.assertj.core.groups.Tuple.tuple("span_id", spanId));
        });
        metrics.close();
    }

    private List<Metrics.MetricFamily> protobuf() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out, PROTOBUF);
        List<Metrics.MetricFamily> families = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            families.add(family);
        }
        return families;
    }

    private static Metrics.Histogram successDuration(List<Metrics.MetricFamily> families) {
        Metrics.MetricFamily duration = families.stream()
                .filter(f -> f.getName().equals("db_query_duration_seconds")).findFirst().orElseThrow();
        return duration.getMetricList().stream()
                .filter(m -> m.getLabelList().stream().anyMatch(l -> l.getName().equals("outcome")
                        && l.getValue().equals("success")))
                .findFirst().orElseThrow().getHistogram();
    }
}
