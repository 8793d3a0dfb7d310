package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads, tens of thousands of statements: every count exact. */
class ConcurrencyExactnessTest {

    private static final int THREADS = 8;
    private static final int ITERATIONS = 2_500;

    @Test
    void countsAreExactUnderEightThreads() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:concurrency;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config);
                MeteredDataSource ds = MeteredDataSource.builder(pool).name("load").registry(registry).build()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id INT PRIMARY KEY, thread INT, n INT)");
                s.execute("CREATE TABLE ten (id INT)");
                s.execute("INSERT INTO ten SELECT x FROM SYSTEM_RANGE(1, 10)");
            }
            ExecutorService executor = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    work(ds, thread);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            executor.shutdown();

            long perKind = (long) THREADS * ITERATIONS;
            Scrape scrape = Scrape.of(registry);
            String ds1 = label("datasource", "load");
            assertThat(scrape.value("db_queries_executed_total", ds1, label("operation", "insert"), label("table", "items")))
                    .isEqualTo(perKind + perKind / 10);
            assertThat(scrape.value("db_queries_failed_total", ds1, label("operation", "insert"),
                    label("sqlstate_class", "23"))).isEqualTo(perKind / 10);
            assertThat(scrape.value("db_rows_affected_total", ds1, label("operation", "insert"))).isEqualTo(perKind);
            assertThat(scrape.value("db_queries_executed_total", ds1, label("operation", "select"), label("table", "ten")))
                    .isEqualTo(perKind);
            assertThat(scrape.value("db_rows_returned_total", ds1, label("operation", "select"), label("table", "ten")))
                    .isEqualTo(perKind * 10);
            assertThat(scrape.value("db_query_rows_count", ds1, label("table", "ten"))).isEqualTo(perKind);
            assertThat(scrape.value("db_queries_executed_total", ds1, label("operation", "update"))).isEqualTo(perKind);
            assertThat(scrape.value("db_rows_affected_total", ds1, label("operation", "update"))).isEqualTo(perKind);
            assertThat(scrape.value("db_transactions_total", ds1, label("outcome", "commit"))).isEqualTo(perKind / 2);
            assertThat(scrape.value("db_transactions_total", ds1, label("outcome", "rollback"))).isEqualTo(perKind / 2);
            assertThat(scrape.value("db_connection_acquire_seconds_count", ds1)).isEqualTo(perKind);
            assertThat(scrape.value("db_connection_usage_seconds_count", ds1)).isEqualTo(perKind);
            assertThat(scrape.value("db_connections_active", ds1)).isEqualTo(0);
            assertThat(scrape.value("db_connections_pending", ds1)).isEqualTo(0);
            assertThat(scrape.value("jdbc_metrics_recording_errors_total", ds1)).isEqualTo(0);
        } finally {
            registry.close();
        }
    }

    private static void work(MeteredDataSource ds, int thread) throws SQLException {
        for (int i = 0; i < ITERATIONS; i++) {
            int id = thread * ITERATIONS + i;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, 0)")) {
                    insert.setInt(1, id);
                    insert.setInt(2, thread);
                    insert.executeUpdate();
                    if (i % 10 == 0) {
                        try {
                            insert.executeUpdate(); // the same key again: a unique violation
                            throw new AssertionError("expected a duplicate key");
                        } catch (SQLException expected) {
                            assertThat(expected.getSQLState()).isEqualTo("23505");
                        }
                    }
                }
                try (PreparedStatement update = c.prepareStatement("UPDATE items SET n = n + 1 WHERE id = ?")) {
                    update.setInt(1, id);
                    update.executeUpdate();
                }
                try (PreparedStatement select = c.prepareStatement("SELECT id FROM ten");
                        ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rs.getInt(1);
                    }
                }
                if (i % 2 == 0) {
                    c.commit();
                } else {
                    c.rollback();
                }
            }
        }
    }
}
