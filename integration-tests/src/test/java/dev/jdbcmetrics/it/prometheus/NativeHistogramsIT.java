package dev.jdbcmetrics.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.it.support.PrometheusServer;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Native histograms and exemplars end to end: a real Prometheus scraping an exporter whose
 * PostgreSQL pool has {@code nativeHistograms} on. With {@code --enable-feature=native-histograms}
 * Prometheus asks for protobuf and stores the native histogram, which {@code histogram_quantile}
 * reads without {@code le}; without the flag it scrapes text and the classic buckets work as
 * always. A query inside a span of a real OpenTelemetry SDK tracer leaves that span's trace id as
 * the exemplar, in the OpenMetrics exposition and in Prometheus' exemplar storage.
 */
@Timeout(180)
class NativeHistogramsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String name = "native_" + Long.toString(System.nanoTime(), 36);
    private final HttpClient http = HttpClient.newHttpClient();
    private PrometheusMeterRegistry registry;
    private HikariDataSource hikari;
    private MeteredDataSource dataSource;
    private MetricsExporter exporter;
    private PrometheusServer prometheus;

    @BeforeEach
    void start() {
        HikariConfig config = TestDatabases.postgres().hikariConfig(name, 2);
        config.setConnectionTimeout(10_000);
        hikari = new HikariDataSource(config);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dataSource = MeteredDataSource.builder(hikari).name(name).registry(registry)
                .config(MetricsConfig.builder().nativeHistograms(true).build()).build();
        exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1").jvmMetrics(false)
                .buildAndStart();
    }

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        exporter.close();
        dataSource.close();
        registry.close();
    }

    @Test
    void withTheFeatureOnPrometheusStoresTheNativeHistogram() throws Exception {
        prometheus = PrometheusServer.builder().target("127.0.0.1:" + exporter.getPort())
                .feature("native-histograms").start();
        prometheus.awaitTargetsUp(WAIT);
        double p99 = runUntil("histogram_quantile(0.99, sum(rate(db_query_duration_seconds{datasource=\"" + name
                + "\"}[1m])))");
        assertThat(p99).isFinite().isPositive().isLessThan(10);
        // histogram_count only reads native histograms: a number here means the native one was stored
        assertThat(prometheus.scalar("histogram_count(sum(rate(db_query_duration_seconds{datasource=\"" + name
                + "\"}[1m])))")).isPositive();
    }

    @Test
    void withTheFeatureOffTheClassicBucketsStillWork() throws Exception {
        prometheus = PrometheusServer.builder().target("127.0.0.1:" + exporter.getPort()).start();
        prometheus.awaitTargetsUp(WAIT);
        double p99 = runUntil("histogram_quantile(0.99, sum by (le) (rate(db_query_duration_seconds_bucket{datasource=\""
                + name + "\"}[1m])))");
        assertThat(p99).isFinite().isPositive().isLessThanOrEqualTo(10);
        assertThat(prometheus.query("histogram_count(sum(rate(db_query_duration_seconds{datasource=\"" + name
                + "\"}[1m])))").get("result")).isEmpty();
    }

    @Test
    void aQueryInsideASpanLeavesItsTraceIdAsTheExemplar() throws Exception {
        List<ReadableSpan> ended = new CopyOnWriteArrayList<>();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(keeping(ended)).build()) {
            Span span = tracing.get("it").spanBuilder("checkout").startSpan();
            try (Scope ignored = span.makeCurrent();
                    Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(0.03)");
            } finally {
                span.end();
            }
        }
        assertThat(ended).hasSize(1);
        String traceId = ended.get(0).getSpanContext().getTraceId();
        String spanId = ended.get(0).getSpanContext().getSpanId();

        String openMetrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.getPort()
                + "/metrics")).header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                HttpResponse.BodyHandlers.ofString()).body();
        // one execution: its exemplar sits on the one bucket it fell in, with its own duration (the sum)
        String sumPrefix = "db_query_duration_seconds_sum{datasource=\"" + name
                + "\",operation=\"select\",outcome=\"success\",table=\"none\"} ";
        String sum = openMetrics.lines().filter(l -> l.startsWith(sumPrefix)).findFirst().orElseThrow()
                .substring(sumPrefix.length());
        assertThat(Double.parseDouble(sum)).isGreaterThanOrEqualTo(0.03);
        assertThat(openMetrics.lines().filter(l -> l.startsWith("db_query_duration_seconds_bucket{")
                && l.contains("outcome=\"success\"") && l.contains(" # {")))
                .singleElement().satisfies(l -> assertThat(l)
                        .contains(" # {span_id=\"" + spanId + "\",trace_id=\"" + traceId + "\"} " + sum + " "));

        // Prometheus keeps it too when it scrapes OpenMetrics with its exemplar storage on.
        prometheus = PrometheusServer.builder().target("127.0.0.1:" + exporter.getPort())
                .feature("exemplar-storage").start();
        prometheus.awaitTargetsUp(WAIT);
        String query = URLEncoder.encode("db_query_duration_seconds_bucket{datasource=\"" + name + "\"}",
                StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            long now = System.currentTimeMillis() / 1000;
            data = prometheus.get("/api/v1/query_exemplars?query=" + query + "&start=" + (now - 600) + "&end="
                    + (now + 60));
            if (data.toString().contains(traceId)) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(data.toString()).contains("\"trace_id\":\"" + traceId + "\"").contains("\"span_id\":\"" + spanId
                + "\"");
    }

    /** Runs queries until {@code promql} gives a number (Prometheus needs two scrapes for a rate). */
    private double runUntil(String promql) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (int round = 0; System.nanoTime() < deadline && round < 600; round++) {
                for (int i = 0; i < 20; i++) {
                    s.execute("SELECT " + i);
                }
                JsonNode result = prometheus.query(promql).get("result");
                last = result.toString();
                if (result.size() == 1) {
                    double value = Double.parseDouble(result.get(0).get("value").get(1).asText());
                    if (!Double.isNaN(value)) {
                        return value;
                    }
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError(promql + " gave no number within " + WAIT + "; last: " + last + "\nseries: "
                + prometheus.get("/api/v1/series?match[]=" + URLEncoder.encode("{__name__=~\"db_query_duration.*\"}",
                        StandardCharsets.UTF_8)) + "\ntargets: " + prometheus.targets() + "\n" + prometheus.log());
    }

    private static SpanProcessor keeping(List<ReadableSpan> ended) {
        return new SpanProcessor() {
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
        };
    }
}
