package dev.jdbcmetrics.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.PrometheusServer;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Prometheus server scrapes our {@link MetricsExporter} every second while a scripted
 * PostgreSQL workload runs through a wrapped HikariCP pool; the assertions are PromQL through
 * Prometheus' HTTP API, as dashboards and alerts would ask.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusScrapeIT {

    private static final int MAX_POOL = 4;
    /** One round: 9 selects that succeed (2 rows each) and 1 statement the server rejects. */
    private static final int SELECTS_PER_ROUND = 9;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String ds;
    private static String table;
    private static PrometheusMeterRegistry registry;
    private static MeteredDataSource dataSource;
    private static MetricsExporter exporter;
    private static PrometheusServer prometheus;
    private static int rounds;

    @BeforeAll
    static void startWorkloadExporterAndPrometheus() throws SQLException {
        String suffix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        ds = "it_prom_" + suffix;
        table = "it_prom_orders_" + suffix;
        DatabaseEndpoint pg = TestDatabases.postgres();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, status VARCHAR(20))");
            s.execute("INSERT INTO " + table + " VALUES (1, 'new'), (2, 'paid'), (3, 'paid')");
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setUsername(pg.user());
        config.setPassword(pg.password());
        config.setMaximumPoolSize(MAX_POOL);
        config.setMinimumIdle(1);
        dataSource = MeteredDataSource.builder(new HikariDataSource(config)).name(ds).registry(registry).build();
        exporter = MetricsExporter.builder().registry(registry).host("127.0.0.1").port(0).buildAndStart();
        prometheus = PrometheusServer.builder().target("127.0.0.1:" + exporter.getPort())
                .scrapeInterval(Duration.ofSeconds(1)).start();
        prometheus.awaitTargetsUp(WAIT);
        runLoadUntilPrometheusHasSeenIt();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try (AutoCloseable p = prometheus; AutoCloseable e = exporter; AutoCloseable d = dataSource) {
            registry.close();
        } finally {
            try (Connection c = TestDatabases.postgres().connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /**
     * Runs whole rounds until Prometheus holds at least four scrapes taken during the load (so
     * {@code rate} has points to work with), then waits for it to scrape the final counts.
     */
    private static void runLoadUntilPrometheusHasSeenIt() throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            for (int i = 0; i < 20; i++) {
                round();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not scrape the exporter during the load within " + WAIT
                        + "; targets: " + prometheus.targets() + "\n" + prometheus.log());
            }
        } while (scrapesOfTheSelectCounter() < 4);
        double total = rounds * (SELECTS_PER_ROUND + 1);
        prometheus.awaitValue("sum(db_queries_executed_total{datasource=\"" + ds + "\"})", v -> v == total, WAIT);
    }

    private static double scrapesOfTheSelectCounter() {
        JsonNode result = prometheus.query("count_over_time(db_queries_executed_total{datasource=\"" + ds
                + "\",operation=\"select\"}[2m])").get("result");
        return result.isEmpty() ? 0 : result.get(0).get("value").get(1).asDouble();
    }

    private static void round() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < SELECTS_PER_ROUND; i++) {
                try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " WHERE status = 'paid'")) {
                    while (rs.next()) {
                        rs.getInt(1);
                    }
                }
            }
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute("SELEC 1"));
            assertThat(e.getSQLState()).isEqualTo("42601");
        }
        rounds++;
    }

    @Test
    @Order(1)
    void targetIsUp() {
        assertThat(prometheus.scalar("up{job=\"" + PrometheusServer.JOB + "\"}")).isEqualTo(1.0);
        assertThat(prometheus.query("jdbc_metrics_build_info").get("result")).hasSize(1);
    }

    @Test
    @Order(2)
    void executedQueriesHaveAPositiveRate() {
        double rate = prometheus.scalar("sum(rate(db_queries_executed_total{datasource=\"" + ds + "\"}[1m]))");

        assertThat(rate).isPositive();
        assertThat(prometheus.scalar("sum(db_queries_executed_total{datasource=\"" + ds + "\",operation=\"select\","
                + "table=\"" + table + "\"})")).isEqualTo(rounds * SELECTS_PER_ROUND);
        assertThat(prometheus.scalar("sum(db_rows_returned_total{datasource=\"" + ds + "\"})"))
                .isEqualTo(rounds * SELECTS_PER_ROUND * 2);
    }

    @Test
    @Order(3)
    void errorRatioIsTheScriptedOne() {
        String failed = "sum(db_queries_failed_total{datasource=\"" + ds + "\",sqlstate_class=\"42\"})";
        String executed = "sum(db_queries_executed_total{datasource=\"" + ds + "\"})";

        assertThat(prometheus.scalar(failed)).isEqualTo(rounds);
        assertThat(prometheus.scalar(failed + " / " + executed)).isEqualTo(1.0 / (SELECTS_PER_ROUND + 1));
        double rateRatio = prometheus.scalar("sum(rate(db_queries_failed_total{datasource=\"" + ds + "\"}[1m])) / "
                + "sum(rate(db_queries_executed_total{datasource=\"" + ds + "\"}[1m]))");
        // rate() extrapolates each series on its own, so over a window the ratio is only close to 0.1
        assertThat(rateRatio).isBetween(0.05, 0.15);
    }

    @Test
    @Order(4)
    void durationQuantileIsFiniteAndPositive() {
        double p99 = prometheus.scalar("histogram_quantile(0.99, sum by (le) (rate(db_query_duration_seconds_bucket{"
                + "datasource=\"" + ds + "\"}[1m])))");

        assertThat(p99).isFinite().isPositive();
        assertThat(prometheus.scalar("sum(db_query_duration_seconds_count{datasource=\"" + ds
                + "\",outcome=\"error\"})")).isEqualTo(rounds);
    }

    @Test
    @Order(5)
    void poolSaturationFollowsHeldConnections() throws SQLException {
        String saturation = "db_pool_saturation_ratio{datasource=\"" + ds + "\"}";
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(dataSource.getConnection());
            }
            assertThat(prometheus.awaitValue(saturation, v -> v == 0.75, WAIT)).isEqualTo(0.75);
            assertThat(prometheus.scalar("db_connections_active{datasource=\"" + ds + "\"}")).isEqualTo(3);
            assertThat(prometheus.scalar("db_connections_max{datasource=\"" + ds + "\"}")).isEqualTo(MAX_POOL);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(prometheus.awaitValue(saturation, v -> v == 0, WAIT)).isEqualTo(0);
    }
}
