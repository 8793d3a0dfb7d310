package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.ExternalCommand;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.sidecar.demo.Demo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole exposition passes {@code promtool check metrics} (the real promtool of the Debian
 * {@code prometheus} package) with exit 0 and no output at all: the demo's, and that of a sidecar
 * configured with every kind of collector metric (several values, a static value, a timestamp,
 * a histogram from rows, a counter), a target that is down and the JVM and process metrics.
 */
class SidecarPromtoolIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    @Test
    void theDemosExpositionLintsClean() throws Exception {
        try (Demo demo = Demo.start(0, "127.0.0.1", null)) {
            scrape(demo.getPort());
            Thread.sleep(1500); // the workload has run every kind of statement
            String text = scrape(demo.getPort());
            assertThat(text).contains("db_query_duration_seconds_bucket{", "demo_orders_by_status{");
            assertLintsClean(text);
        }
    }

    @Test
    void aConfiguredSidecarsExpositionLintsClean() throws Exception {
        DatabaseEndpoint pg = TestDatabases.postgres();
        Files.writeString(folder.resolve("db-password"), pg.password());
        Path file = Files.writeString(folder.resolve("exporter.yml"), """
                targets:
                  - name: it_lint
                    url: "%s"
                    user: %s
                    password_file: db-password
                    collectors: [lint]
                  - name: it_lint_down
                    url: "jdbc:postgresql://127.0.0.1:1/none"
                    pool: { connection_timeout: 250ms }
                    collectors: [lint]
                collectors:
                  - name: lint
                    queries:
                      - name: numbers
                        query: SELECT 'a' AS k, 1 AS x, 2 AS y, 1700000000 AS ts
                    metrics:
                      - name: it_lint_values
                        type: gauge
                        help: Two value columns
                        query_ref: numbers
                        labels: [k]
                        values: [x, y]
                        value_label: col
                        static_labels: { env: it }
                      - name: it_lint_stamped
                        type: gauge
                        help: With a timestamp
                        query_ref: numbers
                        value: x
                        timestamp_value: ts
                      - name: it_lint_info
                        type: gauge
                        help: A static value
                        query: SELECT 'v1' AS version
                        labels: [version]
                        static_value: 1
                      - name: it_lint_events_total
                        type: counter
                        help: A counter
                        query: SELECT 5 AS n
                        value: n
                      - name: it_lint_rows_seconds
                        type: histogram
                        help: A histogram from rows
                        query: SELECT g AS v FROM generate_series(1, 20) AS g
                        value: v
                        buckets: [1, 5, 10]
                """.formatted(pg.jdbcUrl(), pg.user()));
        try (Sidecar sidecar = Sidecar.builder(SidecarConfig.load(file)).host("127.0.0.1").port(0).start()) {
            scrape(sidecar.getPort());
            String text = scrape(sidecar.getPort());
            assertThat(text).contains("it_lint_values{", "it_lint_stamped{", "it_lint_info{",
                    "it_lint_events_total{", "it_lint_rows_seconds_bucket{", "db_target_probe_failures_total{",
                    "jvm_memory_used_bytes{", "process_cpu_seconds_total ", "system_cpus ");
            assertLintsClean(text);
        }
    }

    private void assertLintsClean(String exposition) throws Exception {
        Path scrape = Files.writeString(folder.resolve("scrape.txt"), exposition);
        ExternalCommand.Result result = ExternalCommand.run(Duration.ofSeconds(60), folder,
                List.of("sh", "-c", "\"$0\" check metrics < \"$1\"",
                        ExternalCommand.required("promtool").toString(), scrape.toString()));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe()).isEmpty();
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
