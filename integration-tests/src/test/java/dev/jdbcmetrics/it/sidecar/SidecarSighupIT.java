package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.it.support.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP, sent with {@code kill -HUP} to a real sidecar process against PostgreSQL: the changed
 * query is served afterwards; an invalid file is refused with one log line naming the problem,
 * the old value keeps serving and {@code jdbc_metrics_config_last_reload_successful} is 0.
 * Without {@code --enable-reload}, {@code POST /-/reload} answers 403.
 */
class SidecarSighupIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private final DatabaseEndpoint pg = TestDatabases.postgres();

    private String config(int value) {
        return """
                targets:
                  - name: it_sighup
                    url: "%s"
                    user: %s
                    password_file: db-password
                    collectors: [c]
                collectors:
                  - name: c
                    metrics:
                      - name: it_sighup_value
                        type: gauge
                        help: Changes with the configuration
                        query: SELECT %d AS n
                        value: n
                """.formatted(pg.jdbcUrl(), pg.user(), value);
    }

    @Test
    void sighupReloadsAndAnInvalidFileKeepsTheOldConfiguration() throws Exception {
        Files.writeString(folder.resolve("db-password"), pg.password());
        Path file = Files.writeString(folder.resolve("exporter.yml"), config(1));
        try (SidecarProcess sidecar = SidecarProcess.start(folder, "--config", file.toString())) {
            assertThat(scrape(sidecar).value("it_sighup_value", "target", "it_sighup")).isEqualTo(1);

            Files.writeString(file, config(2));
            sidecar.hangup();
            Scrape reloaded = await(sidecar, s -> s.value("it_sighup_value", "target", "it_sighup") == 2);
            assertThat(reloaded.value("jdbc_metrics_config_last_reload_successful")).isEqualTo(1);

            Files.writeString(file, config(3).replace("type: gauge", "type: gauge\n        colour: red"));
            sidecar.hangup();
            Scrape refused = await(sidecar, s -> s.value("jdbc_metrics_config_last_reload_successful") == 0);
            assertThat(refused.value("it_sighup_value", "target", "it_sighup")).isEqualTo(2);
            assertThat(sidecar.log()).contains("[SIGHUP handler] ERROR dev.jdbcmetrics.sidecar.Sidecar - reload"
                    + " refused, the previous configuration keeps serving: " + file
                    + ": unknown key 'colour' at line 12 in metric\n");

            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sidecar.port() + "/-/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(BOUND).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(403);
            assertThat(post.body()).isEqualTo("reload is not enabled: start the sidecar with --enable-reload,"
                    + " or send it SIGHUP\n");
        }
    }

    private static Scrape await(SidecarProcess sidecar, Predicate<Scrape> done) throws Exception {
        long giveUp = System.nanoTime() + BOUND.toNanos();
        while (true) {
            Scrape scrape = scrape(sidecar);
            if (done.test(scrape)) {
                return scrape;
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("not reloaded within " + BOUND + "; log:\n" + sidecar.log());
            }
            Thread.sleep(100);
        }
    }

    static Scrape scrape(SidecarProcess sidecar) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.port() + "/metrics"))
                .header("Accept", "text/plain; version=0.0.4").timeout(BOUND).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }
}
