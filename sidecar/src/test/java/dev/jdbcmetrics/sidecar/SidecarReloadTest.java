package dev.jdbcmetrics.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.ConfigText;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Sidecar#reload(SidecarConfig)} on H2: which pools stay, which are reopened, which go. */
class SidecarReloadTest {

    private static final ConfigText NO_ENV = new ConfigText(Map.of(), Path.of("."));

    private final HttpClient http = HttpClient.newHttpClient();
    private final String h2Url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Sidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        try (Connection c = DriverManager.getConnection(h2Url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
        }
        sidecar = Sidecar.builder(config(1, "500ms", true)).port(0).host("127.0.0.1").start();
    }

    @AfterEach
    void stop() throws Exception {
        sidecar.close();
        try (Connection c = DriverManager.getConnection(h2Url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private SidecarConfig config(int value, String changeTimeout, boolean withGone) throws ConfigException {
        String gone = """
                  - name: gone
                    url: %s
                    collectors: [c]
                """.formatted(h2Url);
        return NO_ENV.parse("""
                targets:
                  - name: keep
                    url: %1$s
                    collectors: [c]
                  - name: change
                    url: %1$s
                    pool: { connection_timeout: %2$s }
                    collectors: [c]
                  - name: refused
                    url: jdbc:postgresql://127.0.0.1:1/none
                    pool: { connection_timeout: 250ms }
                %3$scollectors:
                  - name: c
                    metrics:
                      - name: value
                        type: gauge
                        query: SELECT %4$d AS n
                        value: n
                """.formatted(h2Url, changeTimeout, withGone ? gone : "", value));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void unchangedTargetsKeepTheirPoolChangedOnesAreReopenedRemovedOnesGo() throws Exception {
        DataSource keep = sidecar.dataSource("keep");
        DataSource change = sidecar.dataSource("change");
        assertThat(scrape()).contains("value{target=\"keep\"} 1.0", "db_connections_max{datasource=\"gone\"}",
                "db_target_probe_failures_total{reason=\"refused\",target=\"refused\"} 1.0",
                "jdbc_metrics_config_last_reload_successful 1.0");

        sidecar.reload(config(2, "750ms", false));

        assertThat(sidecar.dataSource("keep")).isSameAs(keep);
        assertThat(sidecar.dataSource("change")).isNotSameAs(change);
        assertThatThrownBy(() -> sidecar.dataSource("gone")).isInstanceOf(IllegalArgumentException.class);
        String after = scrape();
        assertThat(after).contains("value{target=\"keep\"} 2.0", "value{target=\"change\"} 2.0",
                        "db_connections_max{datasource=\"change\"} 2.0",
                        // kept across the reload: the probe history of an unchanged target
                        "db_target_probe_failures_total{reason=\"refused\",target=\"refused\"} 2.0")
                .doesNotContain("target=\"gone\"").doesNotContain("datasource=\"gone\"");
    }

    @Test
    void aConfigurationWithoutDriverIsRefusedAndTheOldOneKeepsServing() throws Exception {
        SidecarConfig noDriver = NO_ENV.parse("""
                targets:
                  - name: keep
                    url: jdbc:nosuchdb://x
                """);

        assertThatThrownBy(() -> sidecar.reload(noDriver)).isInstanceOf(ConfigException.class)
                .hasMessage("target 'keep': no JDBC driver for 'jdbc:nosuchdb:' URLs (drivers included:"
                        + " postgresql, mysql, mariadb, h2)");

        assertThat(scrape()).contains("value{target=\"keep\"} 1.0",
                "jdbc_metrics_config_last_reload_successful 0.0");
    }

    @Test
    void reloadEndpointIsForbiddenUnlessEnabled() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.getPort() + Sidecar.RELOAD_PATH))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
