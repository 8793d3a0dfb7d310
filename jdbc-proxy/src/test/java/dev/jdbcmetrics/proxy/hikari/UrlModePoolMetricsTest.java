package dev.jdbcmetrics.proxy.hikari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import dev.jdbcmetrics.proxy.DriverRegistry;
import dev.jdbcmetrics.proxy.MetricsDriver;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pool gauges in URL-prefix mode: HikariCP above the jdbc:metrics: driver reports through
 * {@link JdbcMetricsTrackerFactory}, installed by {@link HikariMetrics#instrument} or named in
 * HikariCP's properties, or through its MBeans read by {@link HikariJmxMetrics}.
 */
class UrlModePoolMetricsTest {

    private static final int THREADS = 8;

    @RegisterExtension
    final DriverRegistry driver = new DriverRegistry();
    private final PrometheusMeterRegistry registry = driver.registry();
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void instrumentedPoolReportsExactGaugesAndBorrowsUnderTheStatementsLabel() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:urlModeSaturated;DB_CLOSE_DELAY=-1");
        config.setPoolName("orders");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(60_000);
        try (HikariDataSource pool = new HikariDataSource(HikariMetrics.instrument(config, registry))) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id INT)");
                s.executeUpdate("INSERT INTO orders VALUES (1), (2)");
            }
            CountDownLatch release = new CountDownLatch(1);
            List<Future<?>> holders = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                holders.add(executor.submit(() -> {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
                        assertThat(rs.next()).isTrue();
                        release.await();
                    }
                    return null;
                }));
            }
            // PoolStats refreshes at most once a second: wait for the snapshot that shows the crowd.
            await(() -> value("db_connections_active") == 2 && value("db_connections_pending") == 6);
            assertThat(value("db_connections_max")).isEqualTo(2);
            assertThat(value("db_connections_min")).isEqualTo(2);
            assertThat(value("db_pool_saturation_ratio")).isEqualTo(1);

            release.countDown();
            for (Future<?> holder : holders) {
                holder.get(60, TimeUnit.SECONDS);
            }
            await(() -> value("db_connections_active") == 0 && value("db_connections_pending") == 0
                    && value("db_connections_idle") == 2);
            // 1 + 8 borrows, exactly: the pool's physical connects are not counted as borrows.
            assertThat(value("db_connection_acquire_seconds_count")).isEqualTo(1 + THREADS);
            assertThat(value("db_connection_usage_seconds_count")).isEqualTo(1 + THREADS);
            assertThat(value("db_queries_executed_total", "operation=\"select\"")).isEqualTo(THREADS);
            assertThat(value("db_rows_affected_total", "operation=\"insert\"")).isEqualTo(2);
        }
        assertThat(registry.scrape()).as("the pool's meters go with it").doesNotContain("db_connections_active");
    }

    @Test
    void timeoutsAreCountedAndTheUsersFactoryStillSeesEveryCall() throws Exception {
        RecordingFactory users = new RecordingFactory();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:urlModeTimeout;DB_CLOSE_DELAY=-1");
        config.setPoolName("orders");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        config.setMetricsTrackerFactory(users);
        HikariMetrics.instrument(config, registry);
        assertThat(config.getMetricsTrackerFactory()).isInstanceOf(JdbcMetricsTrackerFactory.class);
        assertThat(((JdbcMetricsTrackerFactory) config.getMetricsTrackerFactory()).delegate()).isSameAs(users);
        assertThat(HikariMetrics.instrument(config, registry)).isSameAs(config);

        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection held = pool.getConnection()) {
                SQLTransientConnectionException timeout =
                        catchThrowableOfType(SQLTransientConnectionException.class, pool::getConnection);
                assertThat(timeout.getMessage()).startsWith("orders - Connection is not available");
                assertThat(timeout.getSQLState()).isNull();
            }
            assertThat(value("db_connection_acquire_failures_total", "sqlstate_class=\"none\"")).isEqualTo(1);
            // HikariCP times a wait that ends in a timeout too.
            assertThat(value("db_connection_acquire_seconds_count")).isEqualTo(2);
            assertThat(value("db_connection_usage_seconds_count")).isEqualTo(1);
        }
        assertThat(users.calls).containsExactly(
                "create orders", "acquired", "acquired", "timeout", "usage", "close");
    }

    @Test
    void aMicrometerMetricRegistryOnThePoolKeepsHikarisOwnMetrics() throws Exception {
        PrometheusMeterRegistry hikariRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:urlModeMicrometer;DB_CLOSE_DELAY=-1");
        config.setPoolName("orders");
        config.setMetricRegistry(hikariRegistry);
        try (HikariDataSource pool = new HikariDataSource(HikariMetrics.instrument(config, registry))) {
            pool.getConnection().close();
            assertThat(value("db_connection_acquire_seconds_count")).isEqualTo(1);
            assertThat(hikariRegistry.scrape()).contains("hikaricp_connections_acquire_seconds_count{pool=\"orders\"} 1");
        }
        hikariRegistry.close();
    }

    @Test
    void hikariPropertiesCanNameTheFactoryWithoutCode() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jdbcUrl", "jdbc:metrics:h2:mem:urlModeProperties;DB_CLOSE_DELAY=-1?jdbcmetrics.name=orders");
        properties.setProperty("poolName", "orders");
        properties.setProperty("maximumPoolSize", "3");
        properties.setProperty("metricsTrackerFactory", "dev.jdbcmetrics.proxy.hikari.JdbcMetricsTrackerFactory");
        try (HikariDataSource pool = new HikariDataSource(new HikariConfig(properties))) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            pool.getConnection().close();
            await(() -> value("db_connections_idle") == 3);
            assertThat(value("db_connections_max")).isEqualTo(3);
            assertThat(value("db_connections_active")).isEqualTo(0);
            assertThat(value("db_connection_acquire_seconds_count")).isEqualTo(2);
            assertThat(value("db_queries_executed_total", "operation=\"select\"")).isEqualTo(1);
        }
    }

    @Test
    void aPoolAlreadyWrappedByMeteredDataSourceIsNotCountedTwice() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:urlModeWrapped;DB_CLOSE_DELAY=-1");
        config.setPoolName("orders");
        config.setMaximumPoolSize(2);
        HikariDataSource pool = new HikariDataSource();
        config.copyStateTo(pool);
        HikariMetrics.instrument(pool, registry);
        // Wrapped before the (lazy) pool starts: the wrapper owns the datasource's meters.
        try (MeteredDataSource ds = MeteredDataSource.builder(pool).name("orders").registry(registry).build()) {
            ds.getConnection().close();
            ds.getConnection().close();
            assertThat(value("db_connection_acquire_seconds_count")).isEqualTo(2);
            assertThat(value("db_connections_max")).isEqualTo(2);
            assertThat(registry.scrape().lines().filter(l -> l.startsWith("db_connections_active{")).count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aStartedPoolCannotBeInstrumented() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:urlModeStarted;DB_CLOSE_DELAY=-1");
        config.setPoolName("started");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThatThrownBy(() -> HikariMetrics.instrument(pool, registry))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("jdbc-metrics: HikariCP pool 'started' has started already;"
                            + " instrument its configuration before the pool starts");
        }
    }

    @Test
    void jmxMetricsReadThePoolsMBeans() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:urlModeJmx;DB_CLOSE_DELAY=-1?jdbcmetrics.name=jmxpool");
        config.setPoolName("jmxpool");
        config.setRegisterMbeans(true);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(1);
        new HikariJmxMetrics("jmxpool").bindTo(registry);
        String jmx = "datasource=\"jmxpool\"";
        assertThat(value("db_connections_active", jmx)).as("no pool yet").isNaN();
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection held = pool.getConnection()) {
            await(() -> value("db_connections_active", jmx) == 1);
            assertThat(value("db_connections_max", jmx)).isEqualTo(3);
            assertThat(value("db_connections_min", jmx)).isEqualTo(1);
            assertThat(value("db_connections_pending", jmx)).isEqualTo(0);
            assertThat(value("db_pool_saturation_ratio", jmx)).isEqualTo(1.0 / 3);
            // HikariCP's housekeeper may add the minimum idle connection meanwhile: wait for agreement.
            await(() -> value("db_connections_idle", jmx) == pool.getHikariPoolMXBean().getIdleConnections());
            try (Statement s = held.createStatement()) {
                s.execute("SELECT 1");
            }
            assertThat(value("db_queries_executed_total", jmx)).isEqualTo(1);
        }
    }

    @Test
    void jmxMetricsOnAChildOfTheDriversCompositeAddNoSecondSetOfFamilies() throws Exception {
        // Spring Boot's shape in URL mode: the driver records into a composite (Micrometer's global
        // registry) holding Boot's Prometheus registry, to which Boot binds HikariJmxMetrics.
        CompositeMeterRegistry global = new CompositeMeterRegistry();
        global.add(registry);
        registry.config().commonTags("application", "trial");
        MetricsDriver.useRegistry(global);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:urlModeJmxChild;DB_CLOSE_DELAY=-1?jdbcmetrics.name=jmxchild");
        config.setPoolName("jmxchild");
        config.setRegisterMbeans(true);
        config.setMaximumPoolSize(2);
        new HikariJmxMetrics("jmxchild").bindTo(registry);
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            c.commit();
        }

        String scrape = registry.scrape();
        List<String> samples = scrape.lines().filter(l -> l.startsWith("db_") && l.contains("jmxchild")).toList();
        assertThat(samples).isNotEmpty().allSatisfy(l -> assertThat(l).contains("application=\"trial\""));
        assertThat(samples.stream().filter(l -> l.startsWith("db_transaction_duration_seconds_count{"))).containsExactly(
                "db_transaction_duration_seconds_count{application=\"trial\",datasource=\"jmxchild\",outcome=\"commit\"} 1",
                "db_transaction_duration_seconds_count{application=\"trial\",datasource=\"jmxchild\",outcome=\"rollback\"} 0");
        assertThat(samples.stream().filter(l -> l.startsWith("db_connections_max{"))).hasSize(1);
        // nothing measures borrows here (no tracker): no acquire or usage histogram that would read 0
        assertThat(scrape).doesNotContain("db_connection_acquire_seconds").doesNotContain("db_connection_usage_seconds");
        global.close();
    }

    /** The one sample of {@code name} carrying every given label (and {@code datasource="orders"} by default). */
    private double value(String name, String... labels) {
        List<String> wanted = new ArrayList<>(List.of(labels));
        if (wanted.stream().noneMatch(l -> l.startsWith("datasource="))) {
            wanted.add("datasource=\"orders\"");
        }
        List<String> lines = registry.scrape().lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> wanted.stream().allMatch(l::contains))
                .toList();
        if (lines.size() != 1) {
            throw new AssertionError(lines.size() + " samples of " + name + " with " + wanted + ":\n" + registry.scrape());
        }
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("state not reached within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A user's own factory: records what its tracker is told. */
    private static final class RecordingFactory implements MetricsTrackerFactory {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public IMetricsTracker create(String poolName, PoolStats poolStats) {
            calls.add("create " + poolName);
            return new IMetricsTracker() {
                @Override
                public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                    calls.add("acquired");
                }

                @Override
                public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
                    calls.add("usage");
                }

                @Override
                public void recordConnectionTimeout() {
                    calls.add("timeout");
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
        }
    }
}
