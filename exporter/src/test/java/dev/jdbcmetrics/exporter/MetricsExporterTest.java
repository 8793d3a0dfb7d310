package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {

    private static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OM_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private PrometheusMeterRegistry registry;
    private MetricsExporter exporter;

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("orders.placed").description("Orders created").register(registry)
                .increment(3);
        exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1")
                .buildAndStart();
    }

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void aScrapeListenerHearsEachMetricsScrapeStartAndEndOnTheServingThread() throws Exception {
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsExporter listened = MetricsExporter.builder().registry(own).port(0)
                .host("127.0.0.1").jvmMetrics(false).scrapeListener(new ScrapeListener() {
                    @Override
                    public void scrapeStarting() {
                        events.add("start " + Thread.currentThread().getName());
                    }

                    @Override
                    public void scrapeEnded() {
                        events.add("end " + Thread.currentThread().getName());
                    }
                }).buildAndStart();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + listened.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + listened.getPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            listened.close();
        }
        assertThat(events).hasSize(2);
        String thread = events.get(0).substring("start ".length());
        assertThat(events).containsExactly("start " + thread, "end " + thread);
    }

    @Test
    void servesTextFormatByDefault() throws Exception {
        HttpResponse<String> response = get("/metrics", HttpRequest.newBuilder());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_TYPE);
        assertThat(response.body())
                .contains("# TYPE orders_placed_total counter\n")
                .contains("\norders_placed_total 3.0\n")
                .doesNotContain("# EOF");
    }

    @Test
    void servesOpenMetricsWhenAsked() throws Exception {
        HttpResponse<String> response = get("/metrics", HttpRequest.newBuilder()
                .header("Accept", "application/openmetrics-text; version=1.0.0"));

        assertThat(response.headers().firstValue("Content-Type")).hasValue(OM_TYPE);
        assertThat(response.body())
                .contains("# TYPE orders_placed counter\n")
                .contains("\norders_placed_total 3.0\n")
                .endsWith("# EOF\n");
    }

    @Test
    void honoursQValuesWhenChoosingTheFormat() throws Exception {
        HttpResponse<String> textPreferred = get("/metrics", HttpRequest.newBuilder()
                .header("Accept", "application/openmetrics-text;version=1.0.0;q=0.2,"
                        + "text/plain;version=0.0.4;q=0.9"));
        HttpResponse<String> prometheusDefault = get("/metrics", HttpRequest.newBuilder()
                .header("Accept", "application/openmetrics-text;version=1.0.0;"
                        + "escaping=allow-utf-8;q=0.6,application/openmetrics-text;"
                        + "version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;"
                        + "q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"));

        assertThat(textPreferred.headers().firstValue("Content-Type")).hasValue(TEXT_TYPE);
        assertThat(prometheusDefault.headers().firstValue("Content-Type")).hasValue(OM_TYPE);
        assertThat(prometheusDefault.body()).endsWith("# EOF\n");
    }

    @Test
    void gzipsWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(body).contains("\norders_placed_total 3.0\n");
    }

    @Test
    void answersHeadWithHeadersOnly() throws Exception {
        HttpResponse<String> response = get("/metrics",
                HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_TYPE);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void alwaysServesBuildInfoAndJvmMetrics() throws Exception {
        String body = get("/metrics", HttpRequest.newBuilder()).body();

        assertThat(body).containsPattern(
                "\njdbc_metrics_build_info\\{version=\"\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\"} 1\n");
        assertThat(BuildInfo.VERSION).isNotEqualTo(BuildInfo.UNKNOWN);
        assertThat(body)
                .contains("\njvm_memory_used_bytes{area=\"heap\"")
                .contains("\njvm_gc_live_data_size_bytes ")
                .contains("\njvm_threads_live_threads ")
                .contains("\njvm_classes_loaded_classes ")
                .contains("\nsystem_cpus ")
                .contains("\nprocess_cpu_seconds_total ")
                .contains("\nprocess_uptime_seconds ")
                .contains("\nprocess_files_open_files ")
                // Renamed: promtool check metrics rejects Micrometer's names for these two.
                .doesNotContain("system_cpu_count").doesNotContain("process_cpu_time_ns");
    }

    @Test
    void leavesJvmMetricsOutWhenTurnedOff() throws Exception {
        try (MetricsExporter bare = MetricsExporter.builder().port(0).host("127.0.0.1")
                .jvmMetrics(false).buildAndStart()) {
            String body = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bare.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).contains("jdbc_metrics_build_info{").doesNotContain("jvm_");
        }
    }

    @Test
    void servesProtobufWithNativeHistogramsWhenThePrometheusServerAsksForIt() throws Exception {
        dev.jdbcmetrics.core.DataSourceMetrics metrics = dev.jdbcmetrics.core.DataSourceMetrics.create("proto",
                registry, dev.jdbcmetrics.core.MetricsConfig.builder().nativeHistograms(true).build());
        metrics.query("SELECT 1").succeeded(2_000_000, null);
        // what Prometheus 2.4x sends with --enable-feature=native-histograms
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + exporter.getPort() + "/metrics")).header("Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.9,"
                        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Type")).hasValue(AcceptNegotiation.PROTOBUF);
        java.io.InputStream in = new java.io.ByteArrayInputStream(response.body());
        io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily family;
        io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Histogram duration = null;
        while ((family = io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics
                .MetricFamily.parseDelimitedFrom(in)) != null) {
            if (family.getName().equals("db_query_duration_seconds")) {
                duration = family.getMetricList().stream().filter(m -> m.getLabelList().stream()
                        .anyMatch(l -> l.getName().equals("outcome") && l.getValue().equals("success")))
                        .findFirst().orElseThrow().getHistogram();
            }
        }
        assertThat(duration).isNotNull();
        assertThat(duration.getSchema()).isEqualTo(3);
        assertThat(duration.getSampleCount()).isEqualTo(1);
        assertThat(duration.getPositiveDeltaList()).containsExactly(1L);
        assertThat(duration.getBucketCount()).isEqualTo(15); // the classic buckets too, +Inf included
        metrics.close();
    }

    @Test
    void servesHealthAndAnIndexLinkingMetrics() throws Exception {
        HttpResponse<String> health = get("/health", HttpRequest.newBuilder());
        HttpResponse<String> index = get("/", HttpRequest.newBuilder());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("<a href=\"metrics\">/metrics</a>")
                .doesNotContain("<!--").doesNotContain("jdbc-metrics-probe");
    }

    @Test
    void answers404ForOtherPathsAnd405ForOtherMethods() throws Exception {
        assertThat(get("/metrics/extra", HttpRequest.newBuilder()).statusCode()).isEqualTo(404);
        assertThat(get("/healthz", HttpRequest.newBuilder()).statusCode()).isEqualTo(404);
        assertThat(get("/nothing", HttpRequest.newBuilder()).statusCode()).isEqualTo(404);

        HttpResponse<String> post = get("/metrics",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void servesExtraRoutesOnTheirExactPath() throws Exception {
        HttpHandler probe = exchange -> PlainHandlers.send(exchange, 200, PlainHandlers.TEXT,
                "probed " + exchange.getRequestURI().getQuery());
        try (MetricsExporter withProbe = MetricsExporter.builder().port(0).host("127.0.0.1")
                .jvmMetrics(false).route("/probe", probe).buildAndStart()) {
            String base = "http://127.0.0.1:" + withProbe.getPort();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/probe?target=orders")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> index = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("probed target=orders");
            // Not a bare link (it answers 400 without ?target=): the script links each target to it.
            assertThat(index.body()).doesNotContain("<a href=\"probe\">")
                    .contains("<meta name=\"jdbc-metrics-probe\" content=\"probe\">");
        }
    }

    @Test
    void rejectsInvalidRoutesAndPorts() {
        MetricsExporter.Builder builder = MetricsExporter.builder();
        HttpHandler handler = exchange -> exchange.close();

        assertThatThrownBy(() -> builder.route("/metrics", handler))
                .hasMessage("route path '/metrics' is reserved by the exporter");
        assertThatThrownBy(() -> builder.route("probe", handler))
                .hasMessage("route path 'probe' must look like /name or /name/more, with"
                        + " letters, digits, '.', '_', '~' or '-' between the slashes");
        assertThatThrownBy(() -> builder.route("/a\"b", handler))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.route("/", handler))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.route("/probe/", handler))
                .isInstanceOf(IllegalArgumentException.class);
        builder.route("/probe", handler);
        assertThatThrownBy(() -> builder.route("/probe", handler))
                .hasMessage("route path '/probe' is already taken");
        assertThatThrownBy(() -> builder.port(70000))
                .hasMessage("port must be between 0 and 65535, got 70000");
    }

    @Test
    void reportsAPortInUseByNumber() {
        int taken = exporter.getPort();

        assertThatThrownBy(() -> MetricsExporter.builder().port(taken).host("127.0.0.1")
                .buildAndStart())
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("port " + taken + " is already in use on 127.0.0.1");
    }

    @Test
    void reportsAnUnknownHost() {
        assertThatThrownBy(() -> MetricsExporter.builder().port(0)
                .host("no-such-host.invalid").buildAndStart())
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("host 'no-such-host.invalid' cannot be resolved");
    }

    @Test
    void releasesThePortOnClose() throws Exception {
        int port = exporter.getPort();
        exporter.close();
        exporter.close();

        assertThatThrownBy(() -> client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        try (MetricsExporter again = MetricsExporter.builder().port(port).host("127.0.0.1")
                .jvmMetrics(false).buildAndStart()) {
            assertThat(again.getPort()).isEqualTo(port);
        }
    }

    @Test
    void letsARequestInProgressFinishOnCloseAndRefusesNewOnes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpHandler slow = exchange -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PlainHandlers.send(exchange, 200, PlainHandlers.TEXT, "finished");
        };
        MetricsExporter draining = MetricsExporter.builder().port(0).host("127.0.0.1")
                .jvmMetrics(false).route("/slow", slow).buildAndStart();
        String base = "http://127.0.0.1:" + draining.getPort();
        CompletableFuture<HttpResponse<String>> inProgress = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(draining::close);
        HttpResponse<String> refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                refused = response;
            } else {
                Thread.sleep(10);
            }
        }
        release.countDown();

        assertThat(refused).isNotNull();
        assertThat(refused.body()).isEqualTo("shutting down\n");
        assertThat(inProgress.get(10, TimeUnit.SECONDS).body()).isEqualTo("finished");
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void createsItsOwnRegistryWhenNoneIsGiven() throws Exception {
        try (MetricsExporter own = MetricsExporter.builder().port(0).host("127.0.0.1")
                .jvmMetrics(false).buildAndStart()) {
            own.getRegistry().counter("own.counter").increment();
            String body = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + own.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).contains("\nown_counter_total 1.0\n");
        }
    }

    private HttpResponse<String> get(String path, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.uri(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + exporter.getPort() + path);
    }
}
