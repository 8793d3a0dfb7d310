package dev.jdbcmetrics.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.it.support.FaultDatabase;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar keeps serving while its database crashes and comes back: every {@code /metrics}
 * answers 200, {@code db_up} goes to 0 and back to 1 on its own, and the targets' passwords
 * (from {@code password_env} and {@code password_file}) never appear in a scrape.
 */
class SidecarFaultIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private final String secret = "Pl4nted" + UUID.randomUUID().toString().replace("-", "");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private int scrapes;

    @Test
    void keepsServingWhileTheDatabaseCrashesAndReportsItDownThenUp() throws Exception {
        FaultDatabase db = FaultDatabase.POSTGRES;
        db.start();
        // The dedicated server trusts every login, so the planted passwords are sent and ignored.
        Path passwordFile = Files.writeString(folder.resolve("db-password"), secret + "\n");
        String yaml = """
                targets:
                  - name: by_env
                    url: %1$s
                    user: postgres
                    password_env: FAULTS_DB_PASSWORD
                    pool: { max_size: 2, connection_timeout: 500ms }
                    collectors: [probe]
                  - name: by_file
                    url: %1$s
                    user: postgres
                    password_file: %2$s
                    pool: { max_size: 2, connection_timeout: 500ms }
                    collectors: [probe]
                collectors:
                  - name: probe
                    metrics:
                      - name: probe_one
                        type: gauge
                        help: Always one while the database answers
                        query: SELECT 1 AS n
                        value: n
                """.formatted(db.jdbcUrl(), passwordFile);
        SidecarConfig config = SidecarConfig.parse(new StringReader(yaml),
                Map.of("FAULTS_DB_PASSWORD", secret)::get, folder);
        try (Sidecar sidecar = Sidecar.builder(config).port(0).host("127.0.0.1").start()) {
            URI metrics = URI.create("http://127.0.0.1:" + sidecar.getPort() + "/metrics");
            awaitUp(metrics, 1);
            db.crash();
            awaitUp(metrics, 0);
            db.start();
            awaitUp(metrics, 1);
            assertThat(scrapes).isGreaterThanOrEqualTo(3);
        } finally {
            db.stop();
        }
    }

    /** Scrapes until both targets report {@code db_up == expected}; every scrape must answer 200. */
    private void awaitUp(URI metrics, int expected) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(BOUND).build(),
                    HttpResponse.BodyHandlers.ofString());
            scrapes++;
            assertThat(response.statusCode()).as("scrape %d", scrapes).isEqualTo(200);
            assertThat(response.body()).as("scrape %d", scrapes).doesNotContain(secret);
            MetricsText m = new MetricsText(response.body());
            if (m.sum("db_up", "target=\"by_env\"") == expected && m.sum("db_up", "target=\"by_file\"") == expected) {
                if (expected == 1) {
                    assertThat(m.sum("probe_one", "target=\"by_env\"")).isEqualTo(1);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("db_up never became " + expected + " within " + BOUND + "; last scrape:\n"
                        + response.body().lines().filter(l -> l.startsWith("db_up")).toList());
            }
            Thread.sleep(200);
        }
    }
}
