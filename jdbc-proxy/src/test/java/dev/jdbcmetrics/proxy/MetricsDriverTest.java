package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The jdbc:metrics: URL through DriverManager and HikariCP, against H2 and a recording driver. */
class MetricsDriverTest {

    @RegisterExtension
    final DriverRegistry driver = new DriverRegistry();
    private final PrometheusMeterRegistry registry = driver.registry();
    private RecordingDriver recording;

    @BeforeEach
    void setUp() throws SQLException {
        recording = RecordingDriver.register();
    }

    @AfterEach
    void tearDown() throws SQLException {
        recording.deregister();
    }

    @Test
    void driverManagerFindsTheDriverThroughItsServiceRegistration() throws SQLException {
        Driver driver = DriverManager.getDriver("jdbc:metrics:h2:mem:dm");
        assertThat(driver).isInstanceOf(MetricsDriver.class);
        assertThat(driver.acceptsURL("jdbc:h2:mem:dm")).isFalse();
        assertThat(driver.jdbcCompliant()).isFalse();
    }

    @Test
    void driverManagerConnectionsAreMetered() throws SQLException {
        String url = "jdbc:metrics:h2:mem:driverManager;DB_CLOSE_DELAY=-1?jdbcmetrics.name=dm";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY)");
            assertThat(s.executeUpdate("INSERT INTO items VALUES (1), (2), (3)")).isEqualTo(3);
            try (ResultSet rs = s.executeQuery("SELECT id FROM items")) {
                while (rs.next()) {
                    assertThat(rs.getInt(1)).isPositive();
                }
            }
            assertThat(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
        }
        Scrape scrape = Scrape.of(registry);
        String ds = label("datasource", "dm");
        assertThat(scrape.value("db_queries_executed_total", ds, label("operation", "ddl"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", ds, label("operation", "insert"), label("table", "items")))
                .isEqualTo(3);
        assertThat(scrape.value("db_rows_returned_total", ds, label("operation", "select"), label("table", "items")))
                .isEqualTo(3);
        // Without a pool, each DriverManager connection is one acquire and one use.
        assertThat(scrape.value("db_connection_acquire_seconds_count", ds)).isEqualTo(1);
        assertThat(scrape.value("db_connection_usage_seconds_count", ds)).isEqualTo(1);
    }

    @Test
    void aDriverManagerConnectionHeldPastTheLeakThresholdIsCountedOnce() throws Exception {
        String url = "jdbc:metrics:h2:mem:leakyUrl;DB_CLOSE_DELAY=-1?jdbcmetrics.name=leakyUrl"
                + "&jdbcmetrics.leakThresholdMillis=200";
        String ds = label("datasource", "leakyUrl");
        DriverManager.getConnection(url).close();
        try (Connection held = DriverManager.getConnection(url)) {
            Eventually.await("the held connection is counted as a leak",
                    () -> Scrape.of(registry).value("db_connection_leaks_total", ds) == 1,
                    () -> Scrape.of(registry).samples("db_connection_leaks_total").toString());
            assertThat(held.isValid(1)).isTrue(); // a leak is reported, never closed for the application
        }
        // Past the threshold of the first connection too: only the one still open then was a leak.
        Thread.sleep(400);
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_connection_leaks_total", ds)).isEqualTo(1);
        assertThat(scrape.value("db_connection_usage_seconds_count", ds)).isEqualTo(2);
    }

    @Test
    void settingsAndPrefixNeverReachTheRealDriver() throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("jdbcmetrics.slowQueryMillis", "250");
        String url = "jdbc:metrics:recording:stripped;jdbcmetrics.name=rec;MODE=PostgreSQL;jdbcmetrics.tableLabel=false";
        try (Connection c = DriverManager.getConnection(url, info); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
            s.executeQuery("SELECT id FROM t").close();
        }
        assertThat(recording.calls).hasSize(1);
        RecordingDriver.Call call = recording.calls.get(0);
        assertThat(call.url()).isEqualTo("jdbc:recording:stripped;MODE=PostgreSQL");
        assertThat(call.properties().stringPropertyNames()).containsExactly("user");
        assertThat(call.properties().getProperty("user")).isEqualTo("app");
        // tableLabel=false reached our side: no table label on the query metrics.
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_queries_executed_total", label("datasource", "rec"), label("operation", "select")))
                .isEqualTo(1);
        assertThat(scrape.has("db_queries_executed_total", label("table", "t"))).isFalse();
    }

    @Test
    void settingsInAQueryStringAreStrippedKeepingTheOtherParameters() throws SQLException {
        MetricsDriver.INSTANCE.getPropertyInfo(
                "jdbc:metrics:recording:q?jdbcmetrics.name=x&ssl=true&jdbcmetrics.slowQueryMillis=5&user=u", null);
        MetricsDriver.INSTANCE.getPropertyInfo("jdbc:metrics:recording:q?ssl=true&jdbcmetrics.name=x", null);
        MetricsDriver.INSTANCE.getPropertyInfo("jdbc:metrics:recording:q?jdbcmetrics.name=x", null);
        assertThat(recording.calls).extracting(RecordingDriver.Call::url).containsExactly(
                "jdbc:recording:q?ssl=true&user=u",
                "jdbc:recording:q?ssl=true",
                "jdbc:recording:q");
    }

    @Test
    void getPropertyInfoSeesTheRealUrlAndProperties() throws SQLException {
        Properties info = new Properties();
        info.setProperty("jdbcmetrics.name", "x");
        info.setProperty("password", "pw");
        DriverPropertyInfo[] infos = MetricsDriver.INSTANCE.getPropertyInfo(
                "jdbc:metrics:recording:props;jdbcmetrics.tableLabel=true", info);
        assertThat(infos).extracting(i -> i.value).containsExactly("jdbc:recording:props");
        RecordingDriver.Call call = recording.calls.get(0);
        assertThat(call.method()).isEqualTo("getPropertyInfo");
        assertThat(call.properties().stringPropertyNames()).containsExactly("password");
    }

    @Test
    void otherUrlsAreNotOurs() throws SQLException {
        assertThat(MetricsDriver.INSTANCE.connect("jdbc:h2:mem:x", new Properties())).isNull();
        assertThat(MetricsDriver.INSTANCE.getPropertyInfo("jdbc:h2:mem:x", new Properties())).isEmpty();
    }

    @Test
    void hikariFindsTheDriverByUrlAlone() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:hikariByUrl;DB_CLOSE_DELAY=-1?jdbcmetrics.name=byurl");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            runWorkload(pool);
        }
        assertWorkload("byurl");
    }

    @Test
    void hikariLoadsTheDriverByClassName() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDriverClassName("dev.jdbcmetrics.proxy.MetricsDriver");
        config.setJdbcUrl("jdbc:metrics:h2:mem:hikariByClass;DB_CLOSE_DELAY=-1");
        config.addDataSourceProperty("jdbcmetrics.name", "byclass");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            runWorkload(pool);
        }
        assertWorkload("byclass");
    }

    @Test
    void theDatasourceLabelIsHostAndDatabaseWithoutAName() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:metrics:h2:mem:Unnamed;DB_CLOSE_DELAY=-1;USER=sa");
                Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        Properties info = new Properties();
        info.setProperty("password", "S3cr3t-planted");
        try (Connection c = DriverManager.getConnection("jdbc:metrics:recording:withParams;PASSWORD=x", info);
                Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_queries_executed_total", label("datasource", "h2/unnamed"))).isEqualTo(1);
        assertThat(scrape.value("db_queries_executed_total", label("datasource", "recording/withparams")))
                .isEqualTo(1);
        assertThat(scrape.text()).doesNotContain("S3cr3t", "USER", "sa\"", "PASSWORD");
    }

    private static void runWorkload(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10))");
            assertThat(s.executeUpdate("INSERT INTO orders VALUES (1, 'new'), (2, 'paid')")).isEqualTo(2);
        }
        for (int i = 0; i < 3; i++) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
            }
        }
    }

    private void assertWorkload(String name) {
        Scrape scrape = Scrape.of(registry);
        String ds = label("datasource", name);
        String select = label("operation", "select");
        String orders = label("table", "orders");
        assertThat(scrape.value("db_queries_executed_total", ds, label("operation", "ddl"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", ds, label("operation", "insert"), orders)).isEqualTo(2);
        assertThat(scrape.value("db_queries_executed_total", ds, select, orders)).isEqualTo(3);
        assertThat(scrape.value("db_rows_returned_total", ds, select, orders)).isEqualTo(6);
        assertThat(scrape.value("db_query_rows_count", ds, select, orders)).isEqualTo(3);
        assertThat(scrape.has("db_queries_failed_total")).isFalse();
    }
}
