package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slow-query counter, the log's rate limit (with a clock the test moves) and the recent-slow ring. */
class SlowQueryLogTest {

    private static final long MS = 1_000_000;

    private long now = 5_000 * MS;
    private long wall = 1_700_000_000_000L;
    private final List<String> lines = new ArrayList<>();

    private SlowQueryLog log() {
        return new SlowQueryLog("orders", () -> now, () -> wall, lines::add);
    }

    @Test
    void aBurstGivesOneLineAndTheNextLineCountsTheRest() {
        SlowQueryLog log = log();
        for (int i = 0; i < 50; i++) {
            log.slow("SELECT * FROM orders WHERE id = " + i, 1_500 * MS, "select", "orders");
            now += 100 * MS; // 50 queries in 5 s: within one interval
        }
        assertThat(lines).containsExactly(
                "Slow query on datasource 'orders': 1500 ms, operation=select, table=orders,"
                        + " sql: SELECT * FROM orders WHERE id = ?");
        now += SlowQueryLog.INTERVAL_NANOS; // the interval is over
        log.slow("UPDATE orders SET s = 'x'", 2_000 * MS, "update", "orders");
        log.slow("UPDATE orders SET s = 'y'", 2_000 * MS, "update", "orders");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("Slow query on datasource 'orders': 2000 ms, operation=update,"
                + " table=orders, sql: UPDATE orders SET s = ? (49 more slow queries since the last line)");
    }

    @Test
    void theRingKeepsTheLastTwentyWithNormalisedSqlOnly() {
        SlowQueryLog log = log();
        for (int i = 1; i <= 25; i++) {
            wall += 1_000;
            log.slow(i == 25 ? null : "SELECT name FROM users WHERE email = 'user" + i + "@example.com'",
                    i * MS, "select", "users");
        }
        List<SlowQuery> recent = log.recent().snapshot();
        assertThat(recent).hasSize(RecentSlowQueries.SIZE);
        assertThat(recent.get(0)).isEqualTo(new SlowQuery("orders", "select", "users", "(batch)", 0.025,
                1_700_000_025_000L));
        assertThat(recent.get(1)).isEqualTo(new SlowQuery("orders", "select", "users",
                "SELECT name FROM users WHERE email = ?", 0.024, 1_700_000_024_000L));
        assertThat(recent.get(19).seconds()).isEqualTo(0.006);
        assertThat(recent).noneMatch(q -> q.sql().contains("example.com"));
    }

    @Test
    void slowQueriesAreCountedExactlyAndReachTheRing() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(new SimpleMeterRegistry());
        composite.add(prometheus);
        DataSourceMetrics metrics = DataSourceMetrics.create("slow", composite,
                MetricsConfig.builder().slowQueryThreshold(Duration.ofMillis(100)).build());
        String sql = "SELECT * FROM orders WHERE id = 7";
        QueryMeters query = metrics.query(sql);
        query.succeeded(99 * MS, sql);
        query.succeeded(100 * MS, sql); // the threshold itself counts
        query.failed(250 * MS, new java.sql.SQLException("x", "57014"), sql);
        query.succeeded(3 * MS, sql);

        assertThat(prometheus.scrape()).contains(
                "db_slow_queries_total{datasource=\"slow\",operation=\"select\",table=\"orders\"} 2.0");
        assertThat(DataSourceMetrics.live(prometheus)).containsExactly(metrics);
        assertThat(metrics.recentSlowQueries()).extracting(SlowQuery::seconds).containsExactlyInAnyOrder(0.1, 0.25);
        assertThat(metrics.recentSlowQueries()).extracting(SlowQuery::sql)
                .containsOnly("SELECT * FROM orders WHERE id = ?");
        metrics.close();
        assertThat(DataSourceMetrics.live(prometheus)).isEmpty();
        prometheus.close();
    }
}
