package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.core.MetricsConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Literals planted in statements run through the whole proxy never reach a label of the scrape
 * nor a log line, with every feature that shows SQL-derived text on: per-statement series with
 * their normalised SQL, the slow-query log (threshold 1 ns, so every statement is logged), and
 * failing statements.
 */
class PlantedLiteralsTest {

    private static final Pattern LABEL_VALUES = Pattern.compile("=\"([^\"]*)\"");

    @Test
    void plantedLiteralsReachNoLabelAndNoLogLine() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:planted;DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
        MetricsConfig config = MetricsConfig.builder().statementTop(50)
                .slowQueryThreshold(Duration.ofNanos(1)).build();
        List<String> statements = List.of(
                "INSERT INTO accounts VALUES (4711, 'alice@example.org', 'TopSecret99', 123456.78)",
                "SELECT * FROM accounts WHERE email = 'alice@example.org' AND pin = 8642",
                "UPDATE accounts SET password = 'TopSecret99' WHERE id = 4711",
                "SELECT * FROM accounts WHERE id IN (4711, 8642, 97531, 24680) OR email LIKE '%TopSecret99%'",
                "SELECT $$TopSecret99$$, E'alice@example.org', X'CAFEBABE' FROM accounts",
                "SELECT 1 FROM accounts /* TopSecret99 */ WHERE id = 4711 -- alice@example.org",
                "INSERT INTO accounts VALUES (4711, 'alice@example.org', 'TopSecret99', 1)", // duplicate: fails
                "SELECT nosuchcolumn FROM accounts WHERE email = 'alice@example.org'");       // fails
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(100), password VARCHAR(100),"
                    + " pin DECIMAL(12, 2))");
        }
        String scrape;
        String log;
        List<MeteredDataSource> dataSources = new ArrayList<>();
        try (CapturedStderr captured = new CapturedStderr()) {
            int failures = 0;
            for (String sql : statements) {
                // One data source each: the slow-query log writes the first line of each at once.
                MeteredDataSource ds = MeteredDataSource.builder(h2).name("planted" + dataSources.size())
                        .registry(registry).config(config).build();
                dataSources.add(ds);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    if (s.execute(sql)) {
                        try (ResultSet rs = s.getResultSet()) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        }
                    }
                } catch (SQLException e) {
                    failures++;
                }
            }
            assertThat(failures).isEqualTo(2);
            scrape = registry.scrape();
            log = captured.text();
        } finally {
            for (MeteredDataSource ds : dataSources) {
                ds.close();
            }
            registry.close();
        }

        assertThat(scrape).contains("db_statement_info{").contains("db_slow_queries_total{");
        Matcher values = LABEL_VALUES.matcher(scrape);
        int labels = 0;
        while (values.find()) {
            labels++;
            assertThat(values.group(1)).as("a label value").doesNotContain("4711", "8642", "97531", "24680",
                    "123456", "alice", "example.org", "TopSecret99", "CAFEBABE");
        }
        assertThat(labels).isGreaterThan(100);
        assertThat(log.lines().filter(l -> l.contains("Slow query on datasource 'planted"))).hasSize(statements.size());
        assertThat(log).as("the slow-query log")
                .doesNotContain("4711", "8642", "alice", "TopSecret99", "CAFEBABE");
    }
}
