package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthTest {

    private static final String CHALLENGE = "Basic realm=\"jdbc-metrics\"";

    @TempDir
    Path folder;

    private final HttpClient client = HttpClient.newHttpClient();
    private PrometheusMeterRegistry registry;
    private MetricsExporter exporter;

    @BeforeEach
    void start() throws IOException {
        // Cost 4 keeps the test fast; the cost is part of the hash and any cost works.
        String alice = BCrypt.withDefaults().hashToString(4, "alice-secret".toCharArray());
        String bobAsY = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "bob-secret".toCharArray());
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "basic_auth_users:\n  alice: " + alice + "\n  bob: '" + bobAsY + "'\n");
        HttpHandler probe = exchange ->
                PlainHandlers.send(exchange, 200, PlainHandlers.TEXT, "probe ok");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1")
                .jvmMetrics(false).webConfig(config).route("/probe", probe).buildAndStart();
    }

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void acceptsTheRightPasswordForA2aAndA2yHash() throws Exception {
        HttpResponse<String> alice = get("/metrics", basic("alice", "alice-secret"));
        HttpResponse<String> bob = get("/metrics", basic("bob", "bob-secret"));

        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains("jdbc_metrics_build_info{");
        assertThat(bob.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesBadCredentialsWith401AndCountsEachReason() throws Exception {
        HttpResponse<String> wrongPassword = get("/metrics", basic("alice", "guess"));
        HttpResponse<String> wrongPasswordAgain = get("/metrics", basic("alice", "alice-secret!"));
        HttpResponse<String> unknownUser = get("/metrics", basic("mallory", "alice-secret"));
        HttpResponse<String> missing = get("/metrics", null);
        HttpResponse<String> notBasic = get("/metrics", "Bearer abc");
        HttpResponse<String> notBase64 = get("/metrics", "Basic %%%");
        HttpResponse<String> noColon = get("/metrics", "Basic "
                + Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8)));

        for (HttpResponse<String> response : List.of(wrongPassword, wrongPasswordAgain,
                unknownUser, missing, notBasic, notBase64, noColon)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(CHALLENGE);
            assertThat(response.body()).isEmpty();
        }
        assertThat(failures("bad_password")).isEqualTo(2.0);
        assertThat(failures("unknown_user")).isEqualTo(1.0);
        assertThat(failures("missing")).isEqualTo(1.0);
        assertThat(failures("malformed")).isEqualTo(3.0);
        String scraped = get("/metrics", basic("alice", "alice-secret")).body();
        assertThat(scraped)
                .contains("\njdbc_metrics_http_auth_failures_total{reason=\"bad_password\"} 2.0\n")
                .contains("\njdbc_metrics_http_auth_failures_total{reason=\"malformed\"} 3.0\n");
    }

    @Test
    void protectsTheIndexAndExtraRoutesButNotHealth() throws Exception {
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/summary", null).statusCode()).isEqualTo(401);
        assertThat(get("/live.js", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/summary", basic("alice", "alice-secret")).body()).startsWith("{\"datasources\":[");
        assertThat(get("/probe", null).statusCode()).isEqualTo(401);
        assertThat(get("/probe", basic("alice", "alice-secret")).body()).isEqualTo("probe ok");
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
    }

    @Test
    void runsBcryptOnceForRepeatedValidCredentials() throws Exception {
        long before = exporter.authenticator().bcryptChecks();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/metrics", basic("alice", "alice-secret")).statusCode()).isEqualTo(200);
        }
        assertThat(exporter.authenticator().bcryptChecks() - before).isEqualTo(1);

        // Failures are never cached, and unknown users pay a bcrypt check too.
        get("/metrics", basic("alice", "wrong"));
        get("/metrics", basic("alice", "wrong"));
        get("/metrics", basic("nobody", "wrong"));
        assertThat(exporter.authenticator().bcryptChecks() - before).isEqualTo(4);
    }

    private double failures(String reason) {
        return registry.get("jdbc.metrics.http.auth.failures").tag("reason", reason).counter()
                .count();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + exporter.getPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
