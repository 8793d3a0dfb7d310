package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** More threads than connections, short timeouts: every failed acquire counted, no deadlock. */
class PoolExhaustionTest {

    private static final int POOL_SIZE = 2;
    private static final int THREADS = 12;
    private static final int ATTEMPTS = 20;
    private static final String DS = label("datasource", "tight");

    private PrometheusMeterRegistry registry;
    private HikariDataSource pool;
    private MeteredDataSource dataSource;
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:exhaustion" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setConnectionTimeout(250); // HikariCP's minimum
        pool = new HikariDataSource(config);
        dataSource = MeteredDataSource.builder(pool).name("tight").registry(registry).build();
        executor = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        dataSource.close();
        registry.close();
    }

    @Test
    void everyThreadLeftWaitingIsCountedAsAnAcquireFailure() throws Exception {
        CountDownLatch held = new CountDownLatch(POOL_SIZE);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> holders = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            holders.add(executor.submit(() -> {
                try (Connection c = dataSource.getConnection()) {
                    held.countDown();
                    release.await();
                }
                return null;
            }));
        }
        assertThat(held.await(30, TimeUnit.SECONDS)).as("both connections taken").isTrue();

        int waiters = THREADS - POOL_SIZE;
        CountDownLatch waiting = new CountDownLatch(waiters);
        List<Future<SQLException>> failures = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            failures.add(executor.submit(() -> {
                waiting.countDown();
                try (Connection c = dataSource.getConnection()) {
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            }));
        }
        waiting.await(30, TimeUnit.SECONDS);
        double maxPending = 0;
        List<SQLException> seen = new ArrayList<>();
        for (Future<SQLException> f : failures) {
            while (!f.isDone()) {
                maxPending = Math.max(maxPending, Scrape.of(registry).value("db_connections_pending", DS));
                Thread.sleep(5);
            }
            seen.add(f.get(30, TimeUnit.SECONDS));
        }
        release.countDown();
        for (Future<?> f : holders) {
            f.get(30, TimeUnit.SECONDS);
        }

        assertThat(seen).as("every waiter timed out with HikariCP's own exception").hasSize(waiters)
                .allSatisfy(e -> assertThat((Throwable) e).isInstanceOf(java.sql.SQLTransientConnectionException.class)
                        .hasMessageContaining("Connection is not available, request timed out after"));
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.samples("db_connection_acquire_failures_total", DS)).hasSize(1);
        assertThat(scrape.value("db_connection_acquire_failures_total", DS)).isEqualTo(waiters);
        assertThat(scrape.value("db_connection_acquire_seconds_count", DS)).isEqualTo(THREADS);
        assertThat(maxPending).as("waiting threads show in the pending gauge").isBetween(1.0, (double) waiters);
        assertIdle(scrape);
    }

    @Test
    void aContendedWorkloadCountsEveryFailedAcquireExactlyAndDoesNotDeadlock() throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ALIAS PAUSE FOR 'java.lang.Thread.sleep(long)'");
        }
        LongAdder attempts = new LongAdder();
        LongAdder acquired = new LongAdder();
        Map<String, LongAdder> failedByClass = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(executor.submit(() -> {
                for (int i = 0; i < ATTEMPTS; i++) {
                    attempts.increment();
                    try (Connection c = dataSource.getConnection()) {
                        acquired.increment();
                        // 100 ms per lease, 2 connections, 12 threads: most waits exceed the 250 ms timeout.
                        try (Statement s = c.createStatement()) {
                            s.execute("CALL PAUSE(100)");
                        }
                    } catch (SQLException e) {
                        String state = e.getSQLState();
                        failedByClass.computeIfAbsent(state == null ? "none" : state.substring(0, 2),
                                k -> new LongAdder()).increment();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES); // a generous bound: a deadlock fails here
        }

        Scrape scrape = Scrape.of(registry);
        long failed = attempts.sum() - acquired.sum();
        assertThat(attempts.sum()).isEqualTo(THREADS * (long) ATTEMPTS);
        assertThat(failed).as("the pool ran dry").isPositive();
        assertThat(scrape.value("db_connection_acquire_seconds_count", DS)).isEqualTo(attempts.sum());
        assertThat(scrape.value("db_connection_usage_seconds_count", DS)).isEqualTo(acquired.sum());
        assertThat(sum(scrape, "db_connection_acquire_failures_total"))
                .as("failures seen by the threads: %s", failedByClass).isEqualTo(failed);
        failedByClass.forEach((sqlClass, count) -> assertThat(
                scrape.value("db_connection_acquire_failures_total", DS, label("sqlstate_class", sqlClass)))
                .isEqualTo(count.sum()));
        assertIdle(scrape);
    }

    private void assertIdle(Scrape scrape) throws InterruptedException {
        assertThat(scrape.value("db_connections_active", DS)).isZero();
        assertThat(scrape.value("db_connections_pending", DS)).isZero();
        // The idle count is a scan of the pool, read at most once a second: wait for a fresh one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Scrape.of(registry).value("db_connections_idle", DS) != POOL_SIZE && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Scrape.of(registry).value("db_connections_idle", DS)).isEqualTo(POOL_SIZE);
        assertThat(scrape.value("db_pool_saturation_ratio", DS)).isZero();
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    private static double sum(Scrape scrape, String name) {
        return scrape.samples(name, DS).stream()
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
