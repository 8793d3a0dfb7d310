package dev.jdbcmetrics.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drivers that rewrite a batch into multi-row statements answer {@link Statement#SUCCESS_NO_INFO}
 * (-2) for its entries instead of row counts: pgjdbc with {@code reWriteBatchedInserts=true} and
 * Connector/J with {@code rewriteBatchedStatements=true}. Such a batch is one execution whose
 * entries add no rows to {@code db_rows_affected_total} (the count is not known), while the known
 * counts of a plain statement after it still add up exactly. The MariaDB driver (3.x) no longer
 * has that option and answers a count per entry whatever it is given: they add up as usual. Also the
 * slow-query counter on a real server: a statement that sleeps past the threshold counts once.
 */
class RewrittenBatchIT {

    private static final int ROWS = 10;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "POSTGRES, reWriteBatchedInserts=true, 0",
        "MYSQL, rewriteBatchedStatements=true, 0",
        "MARIADB, rewriteBatchedStatements=true, 10",
    })
    void rewrittenBatchCountsOneExecutionAndOnlyTheKnownRows(Database database, String option, int knownRows)
            throws Exception {
        try (TestTable table = TestTable.orders(database, "it_rewrite");
                Pool pool = new Pool(database, option, MetricsConfig.defaults())) {
            String t = table.name();
            int[] counts;
            int updated;
            try (Connection c = pool.dataSource.getConnection()) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO " + t + " (id, status, amount) VALUES (?, ?, ?)")) {
                    for (int id = 1; id <= ROWS; id++) {
                        insert.setInt(1, id);
                        insert.setString(2, "new");
                        insert.setInt(3, id);
                        insert.addBatch();
                    }
                    counts = insert.executeBatch();
                }
                try (Statement s = c.createStatement()) {
                    updated = s.executeUpdate("UPDATE " + t + " SET status = 'paid' WHERE id <= 4");
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).as("rows really inserted").isEqualTo(ROWS);
                    }
                }
            }
            int[] expected = new int[ROWS];
            Arrays.fill(expected, knownRows == 0 ? Statement.SUCCESS_NO_INFO : 1);
            assertThat(counts).as("what %s answers for a rewritten batch", database).containsExactly(expected);
            assertThat(updated).isEqualTo(4);

            Scrape scrape = pool.scrape();
            String[] insertLabels = {"datasource", pool.name, "operation", "insert", "table", t};
            assertThat(scrape.value("db_queries_executed_total", insertLabels)).isEqualTo(1);
            assertThat(scrape.value("db_query_duration_seconds_count",
                    "datasource", pool.name, "operation", "insert", "table", t, "outcome", "success")).isEqualTo(1);
            assertThat(scrape.value("db_rows_affected_total", insertLabels)).isEqualTo(knownRows);
            assertThat(scrape.value("db_rows_affected_total", "datasource", pool.name, "operation", "update",
                    "table", t)).isEqualTo(4);
            assertThat(scrape.sum("db_queries_failed_total")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POSTGRES, SELECT pg_sleep(0.3)", "MARIADB, SELECT SLEEP(0.3)"})
    void statementsPastTheThresholdAreCountedExactly(Database database, String sleep) throws Exception {
        MetricsConfig config = MetricsConfig.builder().slowQueryThreshold(Duration.ofMillis(200)).build();
        try (Pool pool = new Pool(database, null, config)) {
            try (Connection c = pool.dataSource.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    s.execute(sleep);
                }
                for (int i = 0; i < 5; i++) {
                    s.execute("SELECT 1");
                }
            }
            Scrape scrape = pool.scrape();
            assertThat(scrape.sum("db_queries_executed_total", "datasource", pool.name)).isEqualTo(8);
            assertThat(scrape.sum("db_slow_queries_total", "datasource", pool.name)).isEqualTo(3);
        }
    }

    /** A HikariCP pool wrapped in code, with the driver option under test. */
    private static final class Pool implements AutoCloseable {
        final String name = TestTable.uniqueName("it_rewrite");
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final HikariDataSource hikari;
        final MeteredDataSource dataSource;

        Pool(Database database, String option, MetricsConfig config) {
            DatabaseEndpoint endpoint = database.endpoint();
            HikariConfig hikariConfig = new HikariConfig();
            hikariConfig.setPoolName(name);
            hikariConfig.setJdbcUrl(option == null ? database.url() : database.url(option));
            hikariConfig.setUsername(endpoint.user());
            hikariConfig.setPassword(endpoint.password());
            hikariConfig.setMaximumPoolSize(2);
            hikariConfig.setConnectionTimeout(10_000);
            hikari = new HikariDataSource(hikariConfig);
            dataSource = MeteredDataSource.builder(hikari).name(name).registry(registry).config(config).build();
        }

        Scrape scrape() {
            return Scrape.of(registry);
        }

        @Override
        public void close() throws Exception {
            try {
                dataSource.close();
            } finally {
                registry.close();
            }
        }
    }
}
