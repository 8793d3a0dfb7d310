package dev.jdbcmetrics.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SidecarTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String h2Url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Sidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        try (Connection c = DriverManager.getConnection(h2Url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20))");
            s.execute("INSERT INTO orders VALUES (1, 'new'), (2, 'paid'), (3, 'paid')");
        }
        // Port 1 on the loopback refuses connections: a database that is down.
        String yaml = """
                targets:
                  - name: shop
                    url: %s
                    collectors: [order_stats]
                  - name: down
                    url: jdbc:postgresql://127.0.0.1:1/none
                    user: nobody
                    password_env: DOWN_PASSWORD
                    pool: { connection_timeout: 500ms }
                    collectors: [order_stats]
                collectors:
                  - name: order_stats
                    metrics:
                      - name: orders_by_status
                        type: gauge
                        help: Orders per status
                        query: SELECT status, count(*) AS n FROM orders GROUP BY status
                        labels: [status]
                        value: n
                """.formatted(h2Url);
        SidecarConfig config = new ConfigText(Map.of("DOWN_PASSWORD", "s3cret-pw"), Path.of(".")).parse(yaml);
        sidecar = Sidecar.builder(config).port(0).host("127.0.0.1").start();
    }

    @AfterEach
    void stop() throws Exception {
        sidecar.close();
        try (Connection c = DriverManager.getConnection(h2Url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sidecar.getPort() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsShowUpTargetsCollectorsAndTheTargetsOwnQueryMetrics() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(
                "db_up{target=\"shop\"} 1.0\n",
                "db_up{target=\"down\"} 0.0\n",
                "orders_by_status{status=\"paid\",target=\"shop\"} 2.0\n",
                "db_collector_up{collector=\"order_stats\",target=\"down\"} 0.0\n",
                "db_collector_errors_total{collector=\"order_stats\",kind=\"query\",target=\"shop\"} 0.0\n",
                "db_connections_max{datasource=\"shop\"} 2.0\n",
                "jdbc_metrics_build_info{")
                .doesNotContain("target=\"down\",status")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void collectorQueriesAreMeasuredLikeAnyQueryOfTheTarget() throws Exception {
        get("/metrics");

        // One scrape ran the collector's query once, through the target's metered pool.
        assertThat(sidecar.getRegistry().get("db.queries.executed").tag("datasource", "shop")
                .tag("operation", "select").tag("table", "orders").functionCounter().count())
                .isEqualTo(1.0);
        assertThat(get("/metrics").body()).contains("db_queries_executed_total{"
                + "datasource=\"shop\",operation=\"select\",table=\"orders\"}");
    }

    @Test
    void probeServesOneTargetOnly() throws Exception {
        HttpResponse<String> response = get("/probe?target=shop");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(
                "db_up{target=\"shop\"} 1.0\n",
                "orders_by_status{status=\"new\",target=\"shop\"} 1.0\n",
                "db_connections_max{datasource=\"shop\"} 2.0\n")
                .doesNotContain("\"down\"")
                .doesNotContain("jvm_");
    }

    @Test
    void probeOfAnUnknownTargetIs404() throws Exception {
        HttpResponse<String> response = get("/probe?target=nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(
                "unknown target 'nope': the configured targets are [down, shop]\n");
    }

    @Test
    void probeWithoutTargetIs400() throws Exception {
        HttpResponse<String> response = get("/probe");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("missing parameter 'target': use /probe?target=NAME"
                + " with one of the configured targets [down, shop]\n");
    }

    @Test
    void closingReleasesThePort() throws Exception {
        int port = sidecar.getPort();
        sidecar.close();

        try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
