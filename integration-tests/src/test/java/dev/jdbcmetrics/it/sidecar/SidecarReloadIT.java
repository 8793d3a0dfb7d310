package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /-/reload} against a real server: a changed collector query is served after the
 * reload; a target whose connection settings did not change keeps its pool, which the server
 * itself shows (the same backend, still connected, still one connection); a target whose pool
 * setting or password file changed gets a new connection and the old one goes; an invalid file is refused, the
 * old values keep serving and {@code jdbc_metrics_config_last_reload_successful} is 0.
 * Subclasses pick the database and say how it names a connection.
 */
abstract class SidecarReloadIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    private final DatabaseEndpoint endpoint;
    private final String backendIdSql;
    private final String connectionsWithIdSql;
    private String keep;
    private String change;
    private Path file;
    private Sidecar sidecar;

    /**
     * @param backendIdSql         a query giving the session's server-side id as column {@code id}
     * @param connectionsWithIdSql counts the server's connections with the id given as parameter
     */
    SidecarReloadIT(DatabaseEndpoint endpoint, String backendIdSql, String connectionsWithIdSql) {
        this.endpoint = endpoint;
        this.backendIdSql = backendIdSql;
        this.connectionsWithIdSql = connectionsWithIdSql;
    }

    @BeforeEach
    void startSidecar() throws Exception {
        String suffix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        keep = "it_reload_keep_" + suffix;
        change = "it_reload_change_" + suffix;
        Files.writeString(folder.resolve("db-password"), endpoint.password());
        Files.writeString(folder.resolve("change-password"), endpoint.password());
        file = folder.resolve("exporter.yml");
        Files.writeString(file, config(1, "3s"));
        sidecar = Sidecar.builder(SidecarConfig.load(file)).reloadFrom(file).enableReload(true)
                .host("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stopSidecar() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    /** Both targets on the same server, one connection each; only the query's value and the
     *  second target's connection timeout vary. */
    private String config(int value, String changeTimeout) {
        return """
                targets:
                  - name: %1$s
                    url: "%3$s"
                    user: %4$s
                    password_file: db-password
                    pool: { max_size: 1, min_idle: 1 }
                    collectors: [reload]
                  - name: %2$s
                    url: "%3$s"
                    user: %4$s
                    password_file: change-password
                    pool: { max_size: 1, min_idle: 1, connection_timeout: %5$s }
                    collectors: [reload]
                collectors:
                  - name: reload
                    metrics:
                      - name: it_reload_value
                        type: gauge
                        help: Changes with the configuration
                        query: SELECT %6$d AS n
                        value: n
                      - name: it_reload_backend
                        type: gauge
                        help: The server-side id of the pool's one connection
                        query: %7$s
                        value: id
                """.formatted(keep, change, endpoint.jdbcUrl(), endpoint.user(), changeTimeout, value,
                backendIdSql);
    }

    @Test
    void reloadServesTheNewQueryKeepsUnchangedPoolsAndRefusesAnInvalidFile() throws Exception {
        Scrape before = scrape();
        assertThat(before.value("it_reload_value", "target", keep)).isEqualTo(1);
        long keepId = (long) before.value("it_reload_backend", "target", keep);
        long changeId = (long) before.value("it_reload_backend", "target", change);
        assertThat(keepId).isNotEqualTo(changeId);
        assertThat(connectionsWithId(keepId)).isEqualTo(1);
        assertThat(connectionsWithId(changeId)).isEqualTo(1);
        assertThat(before.value("jdbc_metrics_config_last_reload_successful")).isEqualTo(1);
        double loadedAt = before.value("jdbc_metrics_config_last_reload_success_timestamp_seconds");

        Files.writeString(file, config(2, "4s"));
        HttpResponse<String> reload = post("/-/reload");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);

        Scrape after = scrape();
        assertThat(after.value("it_reload_value", "target", keep)).isEqualTo(2);
        assertThat(after.value("it_reload_value", "target", change)).isEqualTo(2);
        // The unchanged target kept its pool: the same server session, still the only one.
        assertThat((long) after.value("it_reload_backend", "target", keep)).isEqualTo(keepId);
        assertThat(connectionsWithId(keepId)).isEqualTo(1);
        // The changed one has a new pool; its old connection left the server.
        long newChangeId = (long) after.value("it_reload_backend", "target", change);
        assertThat(newChangeId).isNotEqualTo(changeId).isNotEqualTo(keepId);
        awaitGone(changeId);
        assertThat(connectionsWithId(newChangeId)).isEqualTo(1);
        assertThat(after.value("jdbc_metrics_config_last_reload_successful")).isEqualTo(1);
        assertThat(after.value("jdbc_metrics_config_last_reload_success_timestamp_seconds"))
                .isGreaterThanOrEqualTo(loadedAt);
        double reloadedAt = after.value("jdbc_metrics_config_last_reload_success_timestamp_seconds");

        Files.writeString(file, config(3, "4s").replace("    metrics:", "    metrcs:"));
        HttpResponse<String> refused = post("/-/reload");
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo("reload refused, the previous configuration keeps serving: "
                + file + ": unknown key 'metrcs' at line 16 in collector (did you mean 'metrics'?)\n");

        Scrape kept = scrape();
        assertThat(kept.value("it_reload_value", "target", keep)).isEqualTo(2);
        assertThat((long) kept.value("it_reload_backend", "target", keep)).isEqualTo(keepId);
        assertThat((long) kept.value("it_reload_backend", "target", change)).isEqualTo(newChangeId);
        assertThat(kept.value("jdbc_metrics_config_last_reload_successful")).isEqualTo(0);
        assertThat(kept.value("jdbc_metrics_config_last_reload_success_timestamp_seconds")).isEqualTo(reloadedAt);

        HttpResponse<String> get = HTTP.send(request("/-/reload").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST, PUT");
    }

    @Test
    void aChangedPasswordFileReopensThatTargetsPoolOnly() throws Exception {
        Scrape before = scrape();
        long keepId = (long) before.value("it_reload_backend", "target", keep);
        long changeId = (long) before.value("it_reload_backend", "target", change);

        Files.writeString(folder.resolve("change-password"), "not-" + endpoint.password());
        assertThat(post("/-/reload").statusCode()).isEqualTo(200);

        Scrape wrong = scrape();
        assertThat(wrong.value("db_up", "target", change)).isEqualTo(0);
        assertThat(wrong.value("db_target_probe_failures_total", "target", change, "reason", "28")).isEqualTo(1);
        assertThat(wrong.value("db_up", "target", keep)).isEqualTo(1);
        assertThat((long) wrong.value("it_reload_backend", "target", keep)).isEqualTo(keepId);
        awaitGone(changeId);

        Files.writeString(folder.resolve("change-password"), endpoint.password());
        assertThat(post("/-/reload").statusCode()).isEqualTo(200);

        Scrape right = scrape();
        assertThat(right.value("db_up", "target", change)).isEqualTo(1);
        assertThat((long) right.value("it_reload_backend", "target", change)).isNotEqualTo(changeId);
        assertThat((long) right.value("it_reload_backend", "target", keep)).isEqualTo(keepId);
        assertThat(connectionsWithId(keepId)).isEqualTo(1);
    }

    private long connectionsWithId(long id) throws Exception {
        try (Connection c = endpoint.connect(); PreparedStatement s = c.prepareStatement(connectionsWithIdSql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void awaitGone(long id) throws Exception {
        long giveUp = System.nanoTime() + BOUND.toNanos();
        while (connectionsWithId(id) != 0) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("connection " + id + " of the closed pool is still on the server after "
                        + BOUND);
            }
            Thread.sleep(100);
        }
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/metrics").header("Accept", "text/plain; version=0.0.4")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.getPort() + path))
                .timeout(Duration.ofSeconds(30));
    }
}
