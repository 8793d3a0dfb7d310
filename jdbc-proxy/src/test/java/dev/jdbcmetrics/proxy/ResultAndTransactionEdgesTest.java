package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JDBC edge cases of results and transactions, on H2 behind HikariCP. */
class ResultAndTransactionEdgesTest {

    private static final String DS = label("datasource", "edges");
    private static final String SELECT = label("operation", "select");
    private static final String ORDERS = label("table", "orders");
    private static final String COMMIT = label("outcome", "commit");
    private static final String ROLLBACK = label("outcome", "rollback");

    private PrometheusMeterRegistry registry;
    private HikariDataSource pool;
    private MeteredDataSource dataSource;

    @BeforeEach
    void setUp() throws SQLException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            s.execute("INSERT INTO orders VALUES (1), (2), (3)");
        }
        dataSource = MeteredDataSource.builder(pool).name("edges").registry(registry).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        dataSource.close();
        registry.close();
    }

    @Test
    void askingAgainForAResultAlreadyClosedCountsNoSecondResultSet() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("SELECT id FROM orders")).isTrue();
            ResultSet first = s.getResultSet();
            assertThat(drain(first)).isEqualTo(3);
            first.close();
            // H2 (through HikariCP) hands out its closed result set once more; JDBC allows that.
            ResultSet again = s.getResultSet();
            assertThat(again.isClosed()).isTrue();
            assertThat(again.getStatement()).isSameAs(s);
        }
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_rows_returned_total", DS, SELECT, ORDERS)).isEqualTo(3);
        assertThat(scrape.value("db_query_rows_count", DS, SELECT, ORDERS)).isEqualTo(1);
    }

    @Test
    void aTransactionLeftOpenAtCloseCountsAsTheRollbackThePoolMakes() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO orders VALUES (4)");
            s.executeUpdate("INSERT INTO orders VALUES (5)");
            c.commit();
            s.executeUpdate("INSERT INTO orders VALUES (6)");
        } // HikariCP rolls the dirty connection back when it returns to the pool
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // auto-commit, as the pool resets it: statements run, and no transaction is left open
            assertThat(count(s)).isEqualTo(5);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // nothing run: nothing to roll back
        }
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_transactions_total", DS, COMMIT)).isEqualTo(1);
        assertThat(scrape.value("db_transactions_total", DS, ROLLBACK)).isEqualTo(1);
        assertThat(scrape.value("db_transaction_duration_seconds_count", DS, ROLLBACK)).isEqualTo(1);
    }

    private static int count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static int drain(ResultSet rs) throws SQLException {
        int rows = 0;
        while (rs.next()) {
            rows++;
        }
        return rows;
    }
}
