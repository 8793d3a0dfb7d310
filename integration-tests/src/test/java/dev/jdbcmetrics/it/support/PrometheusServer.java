package dev.jdbcmetrics.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the {@code prometheus} binary) on a free loopback port, with a
 * generated configuration and a throw-away storage directory, for integration tests.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.builder().target("127.0.0.1:" + port).start()) {
 *     prometheus.awaitTargetsUp(Duration.ofSeconds(30));
 *     double executed = prometheus.scalar("sum(db_queries_executed_total)");
 * }
 * }</pre>
 *
 * <p>The scrape job for {@link Builder#target(String) targets} is named {@value #JOB}; with
 * {@link Builder#scrapeSelf()} a job {@value #SELF_JOB} scrapes the server itself.
 */
public final class PrometheusServer implements AutoCloseable {

    /** The job name of the configured targets. */
    public static final String JOB = "jdbc-metrics";
    /** The job name of the self-scrape. */
    public static final String SELF_JOB = "prometheus";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
    }

    /**
     * Starts configuring a server.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the port the server listens on (on 127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the server's base URL.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Runs an instant query through {@code /api/v1/query}.
     *
     * @param promql the expression
     * @return the response's {@code data} object ({@code resultType} and {@code result})
     * @throws IllegalStateException with Prometheus' error message if the query is rejected
     */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /**
     * Runs an instant query that must yield exactly one number.
     *
     * @param promql an expression whose result is a scalar or a one-sample vector
     * @return the value ({@code NaN} and infinities included)
     * @throws AssertionError if the result holds no sample or several
     */
    public double scalar(String promql) {
        return single(promql, query(promql));
    }

    /**
     * Polls a query until its single value satisfies {@code condition}. An empty result counts
     * as "not yet" (the series may not have been scraped).
     *
     * @param promql an expression that yields one sample once the data is there
     * @param condition the awaited condition on the value
     * @param timeout how long to wait
     * @return the value that satisfied the condition
     * @throws AssertionError with the last observation if the time runs out
     */
    public double awaitValue(String promql, DoublePredicate condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        while (true) {
            JsonNode data = query(promql);
            int samples = sampleCount(data);
            if (samples == 1) {
                double value = single(promql, data);
                if (condition.test(value)) {
                    return value;
                }
                last = "last value " + value;
            } else {
                last = "last result had " + samples + " samples: " + data.get("result");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + promql + "' did not reach the expected value within "
                        + timeout.toSeconds() + "s; " + last);
            }
            sleep(POLL);
        }
    }

    /**
     * Lists the active scrape targets and their health.
     *
     * @return the targets, in the server's order
     */
    public List<ScrapeTarget> targets() {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (JsonNode t : get("/api/v1/targets?state=active").get("activeTargets")) {
            targets.add(new ScrapeTarget(t.get("labels").get("job").asText(), t.get("scrapeUrl").asText(),
                    t.get("health").asText(), t.get("lastError").asText()));
        }
        return targets;
    }

    /**
     * Tells whether there is at least one target and every target's last scrape succeeded.
     *
     * @return true when all targets are {@code up}
     */
    public boolean targetsUp() {
        List<ScrapeTarget> targets = targets();
        return !targets.isEmpty() && targets.stream().allMatch(ScrapeTarget::up);
    }

    /**
     * Waits until {@link #targetsUp()}.
     *
     * @param timeout how long to wait
     * @throws AssertionError listing the targets' health and last errors if the time runs out
     */
    public void awaitTargetsUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!targetsUp()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("scrape targets not all up within " + timeout.toSeconds() + "s: " + targets());
            }
            sleep(POLL);
        }
    }

    /**
     * Calls any read-only HTTP API path (e.g. {@code /api/v1/rules}).
     *
     * @param pathAndQuery the path below the base URL, with its encoded query string
     * @return the response's {@code data} node
     * @throws IllegalStateException with Prometheus' error message if the call fails
     */
    public JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = send(pathAndQuery);
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode()
                    + " with non-JSON: " + response.body(), e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("GET " + pathAndQuery + " failed (" + response.statusCode() + "): "
                    + body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.get("data");
    }

    /**
     * Returns the tail of the server's own log, for failure messages.
     *
     * @return up to the last 4000 characters
     */
    public String log() {
        return tail(workDir.resolve("prometheus.log"));
    }

    /** Stops the server and deletes its configuration and storage. */
    @Override
    public void close() {
        stop(process);
        deleteTree(workDir);
    }

    private HttpResponse<String> send(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " on Prometheus failed: " + e
                    + (process.isAlive() ? "" : "; the server has exited:\n" + log()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int sampleCount(JsonNode data) {
        return "scalar".equals(data.get("resultType").asText()) ? 1 : data.get("result").size();
    }

    private static double single(String promql, JsonNode data) {
        JsonNode result = data.get("result");
        String type = data.get("resultType").asText();
        if ("scalar".equals(type)) {
            return number(result.get(1).asText());
        }
        if ("vector".equals(type) && result.size() == 1) {
            return number(result.get(0).get("value").get(1).asText());
        }
        throw new AssertionError("'" + promql + "' should yield one sample but gave " + type + " with "
                + result.size() + " entries: " + result);
    }

    /** Prometheus writes infinities as {@code +Inf} / {@code -Inf}, which Java does not parse. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no log)";
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    /**
     * One scrape target as {@code /api/v1/targets} reports it.
     *
     * @param job the job label
     * @param scrapeUrl the URL scraped
     * @param health {@code up}, {@code down} or {@code unknown} (not scraped yet)
     * @param lastError the last scrape's error, empty when it succeeded
     */
    public record ScrapeTarget(String job, String scrapeUrl, String health, String lastError) {

        /**
         * Tells whether the last scrape succeeded.
         *
         * @return true when {@code health} is {@code up}
         */
        public boolean up() {
            return "up".equals(health);
        }
    }

    /** Configures and starts a {@link PrometheusServer}. */
    public static final class Builder {
        private final List<String> targets = new ArrayList<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private final List<Path> ruleFiles = new ArrayList<>();
        private boolean scrapeSelf;
        private String metricsPath = "/metrics";
        private String basicAuthUser;
        private String basicAuthPassword;
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private final List<String> features = new ArrayList<>();
        private final Map<String, String> externalLabels = new LinkedHashMap<>();
        private final List<String> remoteWriteUrls = new ArrayList<>();
        private boolean agent;
        private boolean remoteWriteReceiver;

        private Builder() {
        }

        /**
         * Optional: a feature flag to enable ({@code --enable-feature=...}), such as
         * {@code native-histograms} or {@code exemplar-storage}. Default: none.
         *
         * @param feature the flag's name
         * @return this builder
         */
        public Builder feature(String feature) {
            features.add(feature);
            return this;
        }

        /**
         * Optional: run in agent mode ({@code --enable-feature=agent}): scrape and remote-write
         * only, no local queries or rules. Default: a full server.
         *
         * @return this builder
         */
        public Builder agent() {
            agent = true;
            return this;
        }

        /**
         * Optional: accept remote writes on {@code /api/v1/write}
         * ({@code --web.enable-remote-write-receiver}). Default: off.
         *
         * @return this builder
         */
        public Builder remoteWriteReceiver() {
            remoteWriteReceiver = true;
            return this;
        }

        /**
         * Optional: remote-write every sample to {@code url}, sent at least once a second. Default: none.
         *
         * @param url e.g. {@code http://127.0.0.1:9090/api/v1/write}
         * @return this builder
         */
        public Builder remoteWrite(String url) {
            remoteWriteUrls.add(url);
            return this;
        }

        /**
         * Optional: a label added to every series sent by remote write (global
         * {@code external_labels}). Default: none.
         *
         * @param name e.g. {@code cluster}
         * @param value e.g. {@code ci}
         * @return this builder
         */
        public Builder externalLabel(String name, String value) {
            externalLabels.put(name, value);
            return this;
        }

        /**
         * Optional: adds a {@code host:port} to scrape in job {@value PrometheusServer#JOB}. Default: none.
         *
         * @param hostPort e.g. {@code 127.0.0.1:9853}
         * @return this builder
         */
        public Builder target(String hostPort) {
            targets.add(hostPort);
            return this;
        }

        /**
         * Optional: also scrape the server's own {@code /metrics} in job
         * {@value PrometheusServer#SELF_JOB}. Default: off.
         *
         * @return this builder
         */
        public Builder scrapeSelf() {
            scrapeSelf = true;
            return this;
        }

        /**
         * Optional: the path scraped on the targets. Default: {@code /metrics}.
         *
         * @param path e.g. {@code /probe}
         * @return this builder
         */
        public Builder metricsPath(String path) {
            metricsPath = path;
            return this;
        }

        /**
         * Optional: a URL query parameter sent with every scrape of the targets. Default: none.
         *
         * @param name e.g. {@code target}
         * @param value e.g. {@code orders}
         * @return this builder
         */
        public Builder param(String name, String value) {
            params.put(name, value);
            return this;
        }

        /**
         * Optional: scrape the targets with HTTP basic auth. Default: no authentication.
         *
         * @param user the user name
         * @param password the password (written to a file only the server reads)
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            basicAuthUser = user;
            basicAuthPassword = password;
            return this;
        }

        /**
         * Optional: how often to scrape and to evaluate rules. Default: 1 second.
         *
         * @param interval a whole number of seconds or milliseconds
         * @return this builder
         */
        public Builder scrapeInterval(Duration interval) {
            scrapeInterval = interval;
            return this;
        }

        /**
         * Optional: a rule file (recording or alerting rules) to load. Default: none.
         *
         * @param file the rules file
         * @return this builder
         */
        public Builder ruleFile(Path file) {
            ruleFiles.add(file.toAbsolutePath());
            return this;
        }

        /**
         * Starts the server and waits until it reports ready.
         *
         * @return the running server; close it to stop it
         * @throws IllegalStateException if {@code prometheus} is not installed or does not become ready
         */
        public PrometheusServer start() {
            Path binary = ExternalCommand.required("prometheus");
            IllegalStateException lastFailure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                try {
                    return startOnce(binary);
                } catch (PortTaken e) {
                    // another process took the free port between our probe and the server's bind
                    lastFailure = e;
                }
            }
            throw lastFailure;
        }

        private PrometheusServer startOnce(Path binary) {
            Path dir;
            int port;
            try {
                dir = Files.createTempDirectory("jdbc-metrics-prometheus");
                port = freePort();
                Files.writeString(dir.resolve("prometheus.yml"), config(dir, port));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    (agent ? "--storage.agent.path=" : "--storage.tsdb.path=") + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=info"));
            if (agent) {
                command.add("--enable-feature=agent");
            }
            if (remoteWriteReceiver) {
                command.add("--web.enable-remote-write-receiver");
            }
            Process process;
            for (String feature : features) {
                command.add("--enable-feature=" + feature);
            }
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
            } catch (IOException e) {
                deleteTree(dir);
                throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
            }
            PrometheusServer server = new PrometheusServer(process, dir, port);
            awaitReady(server);
            return server;
        }

        private static void awaitReady(PrometheusServer server) {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (true) {
                if (!server.process.isAlive()) {
                    String log = server.log();
                    server.close();
                    if (log.contains("address already in use")) {
                        throw new PortTaken(log);
                    }
                    throw new IllegalStateException("prometheus exited with " + server.process.exitValue()
                            + " before becoming ready:\n" + log);
                }
                try {
                    HttpResponse<String> ready = server.http.send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // keep polling until the deadline
                } catch (InterruptedException e) {
                    server.close();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for prometheus", e);
                }
                if (System.nanoTime() > deadline) {
                    String log = server.log();
                    server.close();
                    throw new IllegalStateException("prometheus not ready within " + READY_TIMEOUT.toSeconds()
                            + "s:\n" + log);
                }
                sleep(POLL);
            }
        }

        private String config(Path dir, int port) throws IOException {
            String interval = scrapeInterval.toMillis() % 1000 == 0
                    ? scrapeInterval.toSeconds() + "s" : scrapeInterval.toMillis() + "ms";
            StringBuilder yml = new StringBuilder()
                    .append("global:\n")
                    .append("  scrape_interval: ").append(interval).append('\n')
                    .append("  scrape_timeout: ").append(interval).append('\n');
            if (!agent) {
                yml.append("  evaluation_interval: ").append(interval).append('\n');
            }
            if (!externalLabels.isEmpty()) {
                yml.append("  external_labels:\n");
                for (Map.Entry<String, String> label : externalLabels.entrySet()) {
                    yml.append("    ").append(label.getKey()).append(": ").append(quote(label.getValue())).append('\n');
                }
            }
            if (!remoteWriteUrls.isEmpty()) {
                yml.append("remote_write:\n");
                for (String url : remoteWriteUrls) {
                    // Small, prompt batches: a test waits seconds, not the default 5 s deadline.
                    yml.append("  - url: ").append(quote(url)).append('\n')
                            .append("    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }\n");
                }
            }
            if (!ruleFiles.isEmpty()) {
                yml.append("rule_files:\n");
                for (Path file : ruleFiles) {
                    yml.append("  - ").append(quote(file.toString())).append('\n');
                }
            }
            yml.append("scrape_configs:\n");
            if (scrapeSelf) {
                yml.append("  - job_name: ").append(SELF_JOB).append('\n')
                        .append("    static_configs:\n")
                        .append("      - targets: [").append(quote("127.0.0.1:" + port)).append("]\n");
            }
            if (!targets.isEmpty()) {
                yml.append("  - job_name: ").append(JOB).append('\n')
                        .append("    metrics_path: ").append(quote(metricsPath)).append('\n');
                if (!params.isEmpty()) {
                    yml.append("    params:\n");
                    for (Map.Entry<String, String> p : params.entrySet()) {
                        yml.append("      ").append(quote(p.getKey())).append(": [")
                                .append(quote(p.getValue())).append("]\n");
                    }
                }
                if (basicAuthUser != null) {
                    Path passwordFile = dir.resolve("scrape-password");
                    Files.writeString(passwordFile, basicAuthPassword);
                    yml.append("    basic_auth:\n")
                            .append("      username: ").append(quote(basicAuthUser)).append('\n')
                            .append("      password_file: ").append(quote(passwordFile.toString())).append('\n');
                }
                yml.append("    static_configs:\n      - targets: [");
                for (int i = 0; i < targets.size(); i++) {
                    yml.append(i == 0 ? "" : ", ").append(quote(targets.get(i)));
                }
                yml.append("]\n");
            }
            return yml.toString();
        }

        /** A JSON string literal is a valid YAML double-quoted scalar. */
        private static String quote(String text) throws IOException {
            return JSON.writeValueAsString(text);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }

    /** The chosen port was taken before the server could bind it; the start is retried. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String log) {
            super("prometheus could not bind its port:\n" + log);
        }
    }
}
