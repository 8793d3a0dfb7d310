package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.ConnectionMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pool of two, eight threads that each take a connection and hold it: exact pool gauges. */
class PoolSaturationTest {

    private static final int THREADS = 8;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        registry.close();
    }

    @Test
    void saturatedHikariPoolShowsExactGaugesAndReturnsToIdle() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:saturatedHikari;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(60_000); // the waiters must outlast the assertions
        try (HikariDataSource pool = new HikariDataSource(config);
                MeteredDataSource ds = MeteredDataSource.builder(pool).name("busy").registry(registry).build()) {
            ConnectionMeters meters = ds.metrics().connections();
            CountDownLatch release = new CountDownLatch(1);
            List<Future<?>> holders = holdConnections(ds, release);

            Eventually.await("2 lent out", () -> meters.lentOut() == 2, () -> meters.lentOut() + " lent out");
            // The pending gauge of a HikariCP pool is HikariCP's own count of waiting threads.
            Eventually.await("HikariCP sees 6 waiting threads",
                    () -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 6,
                    () -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() + " waiting");
            Scrape saturated = Scrape.of(registry);
            String busy = label("datasource", "busy");
            assertThat(saturated.value("db_connections_active", busy)).isEqualTo(2);
            assertThat(saturated.value("db_connections_pending", busy)).isEqualTo(6);
            assertThat(saturated.value("db_connections_max", busy)).isEqualTo(2);
            assertThat(saturated.value("db_connections_min", busy)).isEqualTo(2);
            assertThat(saturated.value("db_pool_saturation_ratio", busy)).isEqualTo(1);

            release.countDown();
            for (Future<?> holder : holders) {
                holder.get(60, TimeUnit.SECONDS);
            }
            Eventually.await("the idle gauge catches up with HikariCP (read at most once a second)",
                    () -> Scrape.of(registry).value("db_connections_idle", busy)
                            == pool.getHikariPoolMXBean().getIdleConnections(),
                    () -> Scrape.of(registry).samples("db_connections_idle").toString());
            Scrape idle = Scrape.of(registry);
            assertThat(idle.value("db_connections_active", busy)).isEqualTo(0);
            assertThat(idle.value("db_connections_pending", busy)).isEqualTo(0);
            assertThat(idle.value("db_connections_idle", busy)).isEqualTo(2);
            assertThat(idle.value("db_pool_saturation_ratio", busy)).isEqualTo(0);
            assertThat(idle.value("db_connection_acquire_seconds_count", busy)).isEqualTo(THREADS);
            assertThat(idle.value("db_connection_usage_seconds_count", busy)).isEqualTo(THREADS);
            assertThat(idle.has("db_connection_acquire_failures_total")).isFalse();
        }
    }

    @Test
    void hikariTimeoutIsCountedAsAnAcquireFailureWithoutSqlState() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:tightHikari;DB_CLOSE_DELAY=-1");
        config.setPoolName("tight");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(1_000);
        try (HikariDataSource pool = new HikariDataSource(config);
                MeteredDataSource ds = MeteredDataSource.wrap(pool, registry);
                Connection first = ds.getConnection();
                Connection second = ds.getConnection()) {
            SQLTransientConnectionException timeout =
                    catchThrowableOfType(SQLTransientConnectionException.class, ds::getConnection);

            // HikariCP's timeout carries the SQLState of the last failed connection attempt: none here.
            assertThat(timeout.getMessage()).startsWith("tight - Connection is not available, request timed out after");
            assertThat(timeout.getSQLState()).isNull();
            Scrape scrape = Scrape.of(registry);
            String tight = label("datasource", "tight");
            assertThat(scrape.value("db_connection_acquire_failures_total", tight, label("sqlstate_class", "none")))
                    .isEqualTo(1);
            assertThat(scrape.value("db_connection_acquire_seconds_count", tight)).isEqualTo(3);
            assertThat(scrape.value("db_connections_active", tight)).isEqualTo(2);
            assertThat(scrape.value("db_connections_pending", tight)).isEqualTo(0);
            assertThat(scrape.value("db_pool_saturation_ratio", tight)).isEqualTo(1);
        }
    }

    @Test
    void otherPoolsGetActiveAndPendingFromTheProxysOwnCounts() throws Exception {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:saturatedPlain;DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(2);
        pool.setLoginTimeout(60);
        try (MeteredDataSource ds = MeteredDataSource.builder(pool).name("plain").registry(registry).build()) {
            ConnectionMeters meters = ds.metrics().connections();
            CountDownLatch release = new CountDownLatch(1);
            List<Future<?>> holders = holdConnections(ds, release);

            Eventually.await("2 lent out and 6 waiting", () -> meters.lentOut() == 2 && meters.waiting() == 6,
                    () -> meters.lentOut() + " lent out, " + meters.waiting() + " waiting");
            Scrape saturated = Scrape.of(registry);
            String plain = label("datasource", "plain");
            assertThat(saturated.value("db_connections_active", plain)).isEqualTo(2);
            assertThat(saturated.value("db_connections_pending", plain)).isEqualTo(6);
            assertThat(pool.getActiveConnections()).isEqualTo(2);
            // The pool cannot tell these: no gauge rather than a misleading value.
            assertThat(saturated.has("db_connections_idle")).isFalse();
            assertThat(saturated.has("db_connections_max")).isFalse();
            assertThat(saturated.has("db_connections_min")).isFalse();
            assertThat(saturated.has("db_pool_saturation_ratio")).isFalse();

            release.countDown();
            for (Future<?> holder : holders) {
                holder.get(60, TimeUnit.SECONDS);
            }
            Scrape idle = Scrape.of(registry);
            assertThat(idle.value("db_connections_active", plain)).isEqualTo(0);
            assertThat(idle.value("db_connections_pending", plain)).isEqualTo(0);
            assertThat(idle.value("db_connection_acquire_seconds_count", plain)).isEqualTo(THREADS);
            assertThat(idle.value("db_connection_usage_seconds_count", plain)).isEqualTo(THREADS);
        }
    }

    private List<Future<?>> holdConnections(MeteredDataSource ds, CountDownLatch release) {
        List<Future<?>> holders = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            holders.add(executor.submit(() -> {
                try (Connection c = ds.getConnection()) {
                    assertThat(c.isValid(5)).isTrue();
                    release.await();
                }
                return null;
            }));
        }
        return holders;
    }
}
