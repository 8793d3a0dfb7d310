package dev.jdbcmetrics.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything at once against a password-protected {@code /metrics}: legitimate scrapes, wrong
 * credentials in a loop, clients that send half a request and hold the connection, oversized
 * headers, and a database workload moving the metrics. Legitimate scrapes keep answering,
 * every failed authentication is counted exactly, and memory stays bounded.
 */
class EndpointAbuseIT {

    private static final Duration RUN = Duration.ofSeconds(10);
    /** Generous: a scrape takes milliseconds; this only proves none is stalled. */
    private static final Duration DOES_NOT_HANG = Duration.ofSeconds(10);
    /** More than the 32 worker threads the exporter once had, which these used to pin all. */
    private static final int SLOW_CLIENTS = 40;
    private static final long HEAP_BOUND = 64L * 1024 * 1024;

    @TempDir
    Path folder;

    @Test
    void legitimateScrapesAnswerWhileTheEndpointIsAbused() throws Exception {
        Path webConfig = Files.writeString(folder.resolve("web-config.yml"),
                "basic_auth_users:\n  prometheus: " + BCrypt.withDefaults().hashToString(4, "right-one".toCharArray()) + "\n");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:abuse;DB_CLOSE_DELAY=-1");
        long heapBefore = usedHeapAfterGc();
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder legitimate = new LongAdder();
        LongAdder wrongPassword = new LongAdder();
        LongAdder unknownUser = new LongAdder();
        LongAdder missing = new LongAdder();
        LongAdder oversized = new LongAdder();
        LongAdder statements = new LongAdder();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Socket> slowClients = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(14);
        try (MetricsExporter exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1")
                .webConfig(webConfig).buildAndStart();
                MeteredDataSource ds = MeteredDataSource.builder(h2).name("abused").registry(registry).build()) {
            int port = exporter.getPort();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1"); // the query meters exist before the first scrape
                statements.increment();
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(DOES_NOT_HANG).build();
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(executor.submit(() -> loop(running, () -> { // the database workload
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                    statements.increment();
                }
            })));
            for (int i = 0; i < 4; i++) {
                tasks.add(executor.submit(() -> loop(running, () -> { // Prometheus, and a few like it
                    HttpResponse<String> r = client.send(get(metrics, basic("prometheus", "right-one")),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("db_queries_executed_total{")) {
                        problems.add("legitimate scrape got " + r.statusCode());
                    }
                    legitimate.increment();
                })));
            }
            for (int i = 0; i < 3; i++) {
                tasks.add(executor.submit(() -> loop(running, () -> { // credential stuffing
                    expect401(client, get(metrics, basic("prometheus", "guess-" + System.nanoTime())), problems);
                    wrongPassword.increment();
                    expect401(client, get(metrics, basic("admin", "right-one")), problems);
                    unknownUser.increment();
                    expect401(client, get(metrics, null), problems);
                    missing.increment();
                })));
            }
            tasks.add(executor.submit(() -> loop(running, () -> { // oversized headers
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout((int) DOES_NOT_HANG.toMillis());
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(200_000) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream().readAllBytes();
                } catch (IOException closedOnUs) {
                    // refused by closing the connection: what we expect
                }
                oversized.increment();
            })));
            tasks.add(executor.submit(() -> loop(running, () -> { // slow clients: half a request, then silence
                synchronized (slowClients) {
                    if (slowClients.size() < SLOW_CLIENTS) {
                        Socket socket = new Socket("127.0.0.1", port);
                        socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nAuthor"
                                .getBytes(StandardCharsets.US_ASCII));
                        slowClients.add(socket);
                    }
                }
                Thread.sleep(100);
            })));

            Thread.sleep(RUN.toMillis());
            running.set(false);
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    tasks.get(i).get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("task " + i + " failed", e.getCause());
                }
            }

            assertThat(problems).isEmpty();
            assertThat(legitimate.sum()).isPositive();
            assertThat(oversized.sum()).isPositive();
            HttpResponse<String> last = client.send(get(metrics, basic("prometheus", "right-one")),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(last.statusCode()).isEqualTo(200);
            MetricsText m = new MetricsText(last.body());
            assertThat((long) m.sum("jdbc_metrics_http_auth_failures_total", "reason=\"bad_password\""))
                    .isEqualTo(wrongPassword.sum());
            assertThat((long) m.sum("jdbc_metrics_http_auth_failures_total", "reason=\"unknown_user\""))
                    .isEqualTo(unknownUser.sum());
            assertThat((long) m.sum("jdbc_metrics_http_auth_failures_total", "reason=\"missing\""))
                    .isEqualTo(missing.sum());
            assertThat((long) m.sum("db_queries_executed_total", "datasource=\"abused\"")).isEqualTo(statements.sum());
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            System.out.printf("endpoint abuse: %d s, %d legitimate scrapes, %d + %d + %d refused, %d oversized,"
                    + " %d slow clients, %d statements, heap growth %.1f MB%n", RUN.toSeconds(), legitimate.sum(),
                    wrongPassword.sum(), unknownUser.sum(), missing.sum(), oversized.sum(), slowClients.size(),
                    statements.sum(), heapGrowth / 1048576.0);
            assertThat(heapGrowth).isLessThan(HEAP_BOUND);
        } finally {
            running.set(false);
            executor.shutdownNow();
            for (Socket socket : slowClients) {
                socket.close();
            }
            registry.close();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Void loop(AtomicBoolean running, Step step) throws Exception {
        while (running.get()) {
            step.run();
        }
        return null;
    }

    private static void expect401(HttpClient client, HttpRequest request, ConcurrentLinkedQueue<String> problems)
            throws Exception {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 401) {
            problems.add("bad credentials got " + status);
        }
    }

    private static HttpRequest get(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DOES_NOT_HANG);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
