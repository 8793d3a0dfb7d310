package dev.jdbcmetrics.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.MetricType;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SidecarCollectorTest {

    private static final MetricConfig BY_STATUS = new MetricConfig("orders_by_status",
            MetricType.GAUGE, "Orders per status",
            "SELECT status, count(*) AS n FROM orders GROUP BY status", List.of("status"), "n", 1);
    private static final MetricConfig CREATED = new MetricConfig("orders_created",
            MetricType.COUNTER, "Orders ever created", "SELECT max(id) AS n FROM orders",
            List.of(), "n", 2);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final QueryWatchdog watchdog = new QueryWatchdog();
    private JdbcDataSource dataSource;

    @BeforeEach
    void createDatabase() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        sql("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20), amount DECIMAL(10,2))");
        sql("INSERT INTO orders VALUES (1, 'new', 10.5), (2, 'new', 3), (3, 'paid', 7)");
    }

    @AfterEach
    void close() throws SQLException {
        sql("SHUTDOWN");
        executor.shutdownNow();
        watchdog.close();
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static CollectorConfig collector(String name, Duration minInterval, Duration timeout,
                                             MetricConfig... metrics) {
        return new CollectorConfig(name, minInterval, timeout, List.of(metrics));
    }

    private Target target(String name, CollectorConfig... collectors) {
        return new Target(name, dataSource, java.util.Arrays.stream(collectors)
                .map(c -> new TargetCollector(name, c, watchdog)).toList());
    }

    private SidecarCollector sidecar(long remainingNanos, Target... targets) {
        return new SidecarCollector(List.of(targets), executor, () -> remainingNanos,
                TimeUnit.SECONDS.toNanos(30));
    }

    private static String text(MetricSnapshots snapshots) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, snapshots, EscapingScheme.DEFAULT);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rowsBecomeGaugeSamplesWithLabelColumnsAndTarget() throws IOException {
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE,
                target("orders", collector("stats", Duration.ZERO, Duration.ofSeconds(5),
                        BY_STATUS)));

        assertThat(text(sidecar.collect())).contains("""
                # HELP orders_by_status Orders per status
                # TYPE orders_by_status gauge
                orders_by_status{status="new",target="orders"} 2.0
                orders_by_status{status="paid",target="orders"} 1.0
                """, """
                # TYPE db_up gauge
                db_up{target="orders"} 1.0
                """, """
                # TYPE db_collector_errors_total counter
                db_collector_errors_total{collector="stats",target="orders"} 0.0
                """, """
                db_collector_up{collector="stats",target="orders"} 1.0
                """).containsPattern(
                "db_collector_duration_seconds\\{collector=\"stats\",target=\"orders\"} [0-9.E-]+\n");
    }

    @Test
    void aScrapeWaitsForTheRefreshStartedWhenItArrived() throws Exception {
        MetricConfig freshCount = new MetricConfig("orders_count", MetricType.GAUGE, "Orders",
                "SELECT count(*) AS n FROM orders", List.of(), "n", 3);
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE, target("orders",
                collector("fresh", Duration.ZERO, Duration.ofSeconds(5), freshCount)));

        sidecar.scrapeStarting();
        Thread.sleep(200); // the refresh has run: a row added now is not in this scrape
        sql("INSERT INTO orders VALUES (4, 'new', 1)");
        String started = text(sidecar.collect());
        sidecar.scrapeEnded();

        assertThat(started).contains("orders_count{target=\"orders\"} 3.0", "db_up{target=\"orders\"} 1.0");
        // Consumed: the next scrape without a head start refreshes again.
        assertThat(text(sidecar.collect())).contains("orders_count{target=\"orders\"} 4.0");
    }

    @Test
    void aRefreshStartedForAScrapeThatFailedIsNotServedLater() throws Exception {
        MetricConfig freshCount = new MetricConfig("orders_count", MetricType.GAUGE, "Orders",
                "SELECT count(*) AS n FROM orders", List.of(), "n", 3);
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE, target("orders",
                collector("fresh", Duration.ZERO, Duration.ofSeconds(5), freshCount)));

        sidecar.scrapeStarting();
        Thread.sleep(200);
        sidecar.scrapeEnded(); // never collected
        sql("INSERT INTO orders VALUES (4, 'new', 1)");

        assertThat(text(sidecar.collect())).contains("orders_count{target=\"orders\"} 4.0");
    }

    @Test
    void counterMetricsAreTypedCountersWithTotalSuffix() throws IOException {
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE, target("orders",
                collector("stats", Duration.ZERO, Duration.ofSeconds(5), CREATED)));

        assertThat(text(sidecar.collect())).contains("""
                # HELP orders_created_total Orders ever created
                # TYPE orders_created_total counter
                orders_created_total{target="orders"} 3.0
                """);
    }

    @Test
    void resultsAreCachedWithinMinInterval() throws Exception {
        MetricConfig freshCount = new MetricConfig("orders_count", MetricType.GAUGE, "Orders",
                "SELECT count(*) AS n FROM orders", List.of(), "n", 3);
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE, target("orders",
                collector("cached", Duration.ofHours(1), Duration.ofSeconds(5), BY_STATUS),
                collector("fresh", Duration.ZERO, Duration.ofSeconds(5), freshCount)));
        assertThat(text(sidecar.collect())).contains("orders_count{target=\"orders\"} 3.0");

        sql("INSERT INTO orders VALUES (4, 'new', 1), (5, 'shipped', 2)");

        assertThat(text(sidecar.collect()))
                .contains("orders_count{target=\"orders\"} 5.0",
                        "orders_by_status{status=\"new\",target=\"orders\"} 2.0")
                .doesNotContain("shipped");
    }

    @Test
    void failingCollectorIsCountedAndTheOthersAreServed() throws IOException {
        MetricConfig broken = new MetricConfig("broken", MetricType.GAUGE, "Broken",
                "SELECT n FROM no_such_table", List.of(), "n", 4);
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE, target("orders",
                collector("good", Duration.ZERO, Duration.ofSeconds(5), BY_STATUS),
                collector("bad", Duration.ofHours(1), Duration.ofSeconds(5), broken)));

        sidecar.collect();
        String text = text(sidecar.collect());

        assertThat(text).contains(
                "db_collector_errors_total{collector=\"bad\",target=\"orders\"} 2.0\n",
                "db_collector_errors_total{collector=\"good\",target=\"orders\"} 0.0\n",
                "db_collector_up{collector=\"bad\",target=\"orders\"} 0.0\n",
                "db_collector_up{collector=\"good\",target=\"orders\"} 1.0\n",
                "orders_by_status{status=\"paid\",target=\"orders\"} 1.0\n",
                "db_up{target=\"orders\"} 1.0\n")
                .doesNotContain("broken");
    }

    @Test
    void failedQueryIsReportedBySqlStateWithoutTheDriverMessage() throws Exception {
        MetricConfig broken = new MetricConfig("broken", MetricType.GAUGE, "Broken",
                "SELECT n FROM no_such_table WHERE secret = 'hunter2'", List.of(), "n", 4);
        TargetCollector collector = new TargetCollector("orders",
                collector("bad", Duration.ZERO, Duration.ofSeconds(5), broken), watchdog);

        TargetCollector.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = collector.collect(connection, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }

        assertThat(result.up()).isFalse();
        assertThat(result.problem()).isEqualTo("metric 'broken' of collector 'bad' on target"
                + " 'orders' failed: SQLState 42S02, error code 42102"
                + " (JdbcSQLSyntaxErrorException)");
    }

    @Test
    void labelColumnMissingFromTheResultIsACollectorError() throws Exception {
        MetricConfig wrongLabel = new MetricConfig("by_state", MetricType.GAUGE, "By state",
                "SELECT status, count(*) AS n FROM orders GROUP BY status", List.of("state"), "n",
                5);
        TargetCollector collector = new TargetCollector("orders",
                collector("labels", Duration.ZERO, Duration.ofSeconds(5), wrongLabel), watchdog);

        TargetCollector.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = collector.collect(connection, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }

        assertThat(result.problem()).isEqualTo("metric 'by_state' of collector 'labels' on"
                + " target 'orders': column 'state' named by 'labels' is not in the query result"
                + " (columns: n, status)");
        assertThat(collector.errors()).isEqualTo(1);
    }

    @Test
    void nonNumericValueColumnIsACollectorError() throws Exception {
        MetricConfig text = new MetricConfig("statuses", MetricType.GAUGE, "Statuses",
                "SELECT id, status FROM orders", List.of("id"), "status", 6);
        TargetCollector collector = new TargetCollector("orders",
                collector("values", Duration.ZERO, Duration.ofSeconds(5), text), watchdog);

        TargetCollector.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = collector.collect(connection, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }

        assertThat(result.problem()).isEqualTo("metric 'statuses' of collector 'values' on"
                + " target 'orders': column 'status' holds a String that is not a number");
    }

    @Test
    void probeRequestRefreshesAndReportsOneTargetOnly() throws IOException {
        SidecarCollector sidecar = sidecar(Long.MAX_VALUE,
                target("orders", collector("stats", Duration.ZERO, Duration.ofSeconds(5),
                        BY_STATUS)),
                target("billing"));

        String all = text(sidecar.collect());
        String probe = text(sidecar.collect(probeRequest("billing")));

        assertThat(all).contains("db_up{target=\"orders\"} 1.0", "db_up{target=\"billing\"} 1.0");
        assertThat(probe).contains("db_up{target=\"billing\"} 1.0")
                .doesNotContain("orders");
    }

    @Test
    void collectorTimeoutCancelsTheRunningQuery() throws Exception {
        MetricConfig slow = new MetricConfig("slow", MetricType.GAUGE, "Slow", SLOW_QUERY,
                List.of(), "n", 7);
        TargetCollector collector = new TargetCollector("orders",
                collector("slow", Duration.ZERO, Duration.ofMillis(300), slow), watchdog);

        long start = System.nanoTime();
        TargetCollector.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = collector.collect(connection, Long.MAX_VALUE);
        }

        // Generous bound: the query alone would run for minutes.
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
        assertThat(result.problem()).startsWith("metric 'slow' of collector 'slow' on target"
                + " 'orders' timed out after ").endsWith(" ms (collector timeout 300 ms, or the"
                + " scrape's deadline)");
    }

    @Test
    void scrapeDeadlineCutsALongerCollectorTimeoutShort() throws IOException {
        MetricConfig slow = new MetricConfig("slow", MetricType.GAUGE, "Slow", SLOW_QUERY,
                List.of(), "n", 7);
        SidecarCollector sidecar = sidecar(TimeUnit.MILLISECONDS.toNanos(300), target("orders",
                collector("slow", Duration.ZERO, Duration.ofMinutes(10), slow)));

        long start = System.nanoTime();
        String text = text(sidecar.collect());

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
        assertThat(text).doesNotContain("slow{");
    }

    /** Minutes of work for H2, which checks for cancellation while it runs. */
    private static final String SLOW_QUERY = "WITH RECURSIVE t(x) AS (SELECT 1 UNION ALL"
            + " SELECT x + 1 FROM t WHERE x < 2000000000) SELECT count(*) AS n FROM t";

    private static PrometheusScrapeRequest probeRequest(String target) {
        return new PrometheusScrapeRequest() {
            @Override
            public String getRequestPath() {
                return ProbeHandler.PATH;
            }

            @Override
            public String[] getParameterValues(String name) {
                return name.equals("target") ? new String[] {target} : null;
            }
        };
    }
}
