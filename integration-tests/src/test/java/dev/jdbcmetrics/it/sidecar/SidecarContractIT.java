package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar, the third way to use jdbc-metrics, against a real server: its SQL collector's
 * values and {@code db_up} on {@code /metrics} over HTTP, and a workload through the target's
 * metered pool. Subclasses pick the database.
 */
abstract class SidecarContractIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    private final DatabaseEndpoint endpoint;
    private String target;
    private String table;
    private Sidecar sidecar;

    SidecarContractIT(DatabaseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @BeforeEach
    void createTableAndStartSidecar() throws Exception {
        String suffix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        target = "it_sidecar_" + suffix;
        table = "it_sidecar_orders_" + suffix;
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, status VARCHAR(20), amount INT)");
            s.execute("INSERT INTO " + table + " VALUES (1, 'new', 10), (2, 'new', 15), (3, 'paid', 20),"
                    + " (4, 'paid', 30), (5, 'paid', 40), (6, 'void', 1)");
        }
        Path passwordFile = folder.resolve("db-password");
        Files.writeString(passwordFile, endpoint.password());
        String yaml = """
                targets:
                  - name: %s
                    url: "%s"
                    user: %s
                    password_file: %s
                    pool: { max_size: 2 }
                    collectors: [order_stats]
                collectors:
                  - name: order_stats
                    timeout: 10s
                    metrics:
                      - name: it_orders_by_status
                        type: gauge
                        help: Orders per status
                        query: SELECT status, count(*) AS n FROM %s GROUP BY status
                        labels: [status]
                        value: n
                      - name: it_order_amount
                        type: counter
                        help: Sum of all order amounts
                        query: SELECT sum(amount) AS total FROM %s
                        value: total
                """.formatted(target, endpoint.jdbcUrl(), endpoint.user(), passwordFile, table, table);
        SidecarConfig config = SidecarConfig.parse(new StringReader(yaml), variable -> null, folder);
        sidecar = Sidecar.builder(config).host("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stopSidecarAndDropTable() throws Exception {
        try {
            if (sidecar != null) {
                sidecar.close();
            }
        } finally {
            try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void collectorValuesAndDbUpAreExact() throws Exception {
        Scrape scrape = Scrape.parse(get("/metrics"));

        assertThat(scrape.value("db_up", "target", target)).isEqualTo(1);
        assertThat(scrape.value("it_orders_by_status", "target", target, "status", "new")).isEqualTo(2);
        assertThat(scrape.value("it_orders_by_status", "target", target, "status", "paid")).isEqualTo(3);
        assertThat(scrape.value("it_orders_by_status", "target", target, "status", "void")).isEqualTo(1);
        assertThat(scrape.series("it_orders_by_status")).hasSize(3);
        assertThat(scrape.value("it_order_amount_total", "target", target)).isEqualTo(116);
        assertThat(scrape.value("db_collector_errors_total", "target", target, "collector", "order_stats"))
                .isEqualTo(0);
    }

    @Test
    void workloadThroughTheTargetsPoolIsMetered() throws Exception {
        // Its own table: the collectors' queries, metered too, run whenever a scrape asks.
        String work = table + "_w";
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + work + " (id INT PRIMARY KEY, status VARCHAR(20), amount INT)");
            s.execute("INSERT INTO " + work + " VALUES (1, 'new', 10), (2, 'new', 15), (3, 'paid', 20)");
        }
        try {
            try (Connection c = sidecar.dataSource(target).getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs = s.executeQuery("SELECT id FROM " + work + " WHERE status = 'new'")) {
                        while (rs.next()) {
                            rs.getInt(1);
                        }
                    }
                }
                assertThat(s.executeUpdate("UPDATE " + work + " SET amount = amount + 1 WHERE status = 'new'"))
                        .isEqualTo(2);
            }

            Scrape scrape = Scrape.parse(get("/probe?target=" + target));
            assertThat(scrape.value("db_queries_executed_total", "datasource", target, "operation", "select",
                    "table", work)).isEqualTo(3);
            assertThat(scrape.value("db_rows_returned_total", "datasource", target, "operation", "select",
                    "table", work)).isEqualTo(6);
            assertThat(scrape.value("db_rows_affected_total", "datasource", target, "operation", "update",
                    "table", work)).isEqualTo(2);
            assertThat(scrape.value("db_connections_max", "datasource", target)).isEqualTo(2);
            assertThat(scrape.value("db_up", "target", target)).isEqualTo(1);
            assertThat(scrape.value("it_order_amount_total", "target", target)).isEqualTo(116);
        } finally {
            try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + work);
            }
        }
    }

    private String get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.getPort() + pathAndQuery))
                .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return response.body();
    }
}
