package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashes made by another bcrypt implementation (libxcrypt, through Python's {@code crypt}, as
 * htpasswd and the system's crypt(3) make them), so that the check does not only agree with
 * the library that made the hashes of the other tests.
 */
class BcryptHashesTest {

    private static final String PASSWORD_72 = "p".repeat(36) + "w".repeat(36);

    @TempDir
    Path folder;

    private final HttpClient client = HttpClient.newHttpClient();
    private MetricsExporter exporter;

    @BeforeEach
    void start() throws IOException {
        Path config = Files.writeString(folder.resolve("web-config.yml"), String.join("\n",
                "basic_auth_users:",
                "  alice: $2a$04$abcdefghijklmnopqrstuuHCSenwm8buK215m4R4q2ZmPL95d0lX2",  // alice-secret
                "  bob: $2b$04$abcdefghijklmnopqrstuutONqXI.Tky7szVMAjFWKbaQptzT4HRm",    // bob-secret
                "  carol: $2y$04$abcdefghijklmnopqrstuuAg0Rv4yBuJf2euKBBDPO/DfVDAG8B7i",  // carol-secret
                "  long: $2b$04$abcdefghijklmnopqrstuuw1/EZRZ3xnC8Od4xEaJFnDBJfcPFKXu",   // PASSWORD_72
                "  jurgen: $2b$04$abcdefghijklmnopqrstuuFs/4Xq0ce8iRannf6V5s8yh.m4OprLG", // jürgen-sécret
                ""));
        exporter = MetricsExporter.builder()
                .registry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .port(0).host("127.0.0.1").jvmMetrics(false).webConfig(config).buildAndStart();
    }

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void acceptsEachVersionOfTheHash() throws Exception {
        assertThat(status("alice", "alice-secret")).isEqualTo(200);
        assertThat(status("bob", "bob-secret")).isEqualTo(200);
        assertThat(status("carol", "carol-secret")).isEqualTo(200);
        assertThat(status("carol", "carol-secreT")).isEqualTo(401);
    }

    @Test
    void readsThePasswordAsUtf8() throws Exception {
        assertThat(status("jurgen", "jürgen-sécret")).isEqualTo(200);
        assertThat(status("jurgen", "jurgen-secret")).isEqualTo(401);
    }

    @Test
    void acceptsSeventyTwoBytesAndRefusesMoreInsteadOfTruncating() throws Exception {
        assertThat(status("long", PASSWORD_72)).isEqualTo(200);
        // bcrypt itself would ignore the 73rd byte and accept this one.
        assertThat(status("long", PASSWORD_72 + "x")).isEqualTo(401);
        assertThat(status("long", PASSWORD_72.substring(0, 71))).isEqualTo(401);
    }

    private int status(String user, String password) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics"))
                .header("Authorization", "Basic " + credentials).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
