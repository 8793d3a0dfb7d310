package dev.jdbcmetrics.it.reliability;

import static dev.jdbcmetrics.it.reliability.MetricsText.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Full speed on every core with 16 threads through the wrapper on H2 (so the database is not the
 * bottleneck and the proxy's own cost and memory show): counts exact, used heap after GC flat
 * after warm-up, thread count stable.
 *
 * <p>Runs {@value #DEFAULT_SECONDS} s in the normal build; {@code mvn -Psoak} runs it longer
 * (system property {@code jdbcmetrics.soak.seconds}). Each run prints its figures, which
 * {@code docs/reliability.md} records.
 */
class SoakIT {

    static final int DEFAULT_SECONDS = 60;
    private static final int THREADS = 16;
    private static final int POOL_SIZE = 8;
    /** Generous: the proxy's bounded caches and meters are a few MB; a leak per statement is GBs. */
    private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREAD_BEAN = ManagementFactory.getThreadMXBean();

    private final LongAdder selects = new LongAdder();
    private final LongAdder inserts = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder adHoc = new LongAdder();
    private final LongAdder failedInserts = new LongAdder();
    private final LongAdder rowsRead = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder leases = new LongAdder();

    @Test
    void sixteenThreadsAtFullSpeedKeepCountsExactHeapFlatAndThreadsStable() throws Exception {
        long seconds = Long.getLong("jdbcmetrics.soak.seconds", DEFAULT_SECONDS);
        long warmUpSeconds = Math.max(5, seconds / 6);
        long sampleEveryMillis = Math.max(2_000, seconds * 1000 / 20);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setPoolName("soak");
        try (HikariDataSource pool = new HikariDataSource(config);
                MeteredDataSource ds = MeteredDataSource.builder(pool).name("soak").registry(registry).build()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, thread INT, v INT)");
                s.execute("CREATE TABLE ten (id INT)");
                s.execute("INSERT INTO ten SELECT x FROM SYSTEM_RANGE(1, 10)");
            }
            // Threads are compared by identity, not count: earlier tests in this JVM leave pool and
            // client threads that die on their own timers during the soak, which a count would
            // blame on us. A leak is a thread that appears during the soak and stays.
            Set<Long> threadsBefore = liveThreadIds();
            long[] running = {1};
            List<Thread> workers = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try {
                        work(ds, thread, running);
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }, "soak-" + t);
                workers.add(worker);
                worker.start();
            }

            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long warmedUp = start + TimeUnit.SECONDS.toNanos(warmUpSeconds);
            List<Long> heapAfterGc = new ArrayList<>();
            Set<Long> threadsAtWarmUp = null;
            int maxNewThreads = 0;
            StringBuilder samples = new StringBuilder();
            while (System.nanoTime() < end) {
                Thread.sleep(sampleEveryMillis);
                int threads = THREAD_BEAN.getThreadCount();
                if (System.nanoTime() >= warmedUp) {
                    Set<Long> live = liveThreadIds();
                    if (threadsAtWarmUp == null) {
                        threadsAtWarmUp = new HashSet<>(live);
                    }
                    live.removeAll(threadsAtWarmUp);
                    maxNewThreads = Math.max(maxNewThreads, live.size());
                    System.gc();
                    long used = MEMORY.getHeapMemoryUsage().getUsed();
                    heapAfterGc.add(used);
                    samples.append(String.format("  t=%3ds used-after-gc=%6.1f MB threads=%d executed=%d%n",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), used / 1048576.0, threads,
                            selects.sum() + inserts.sum() + deletes.sum() + adHoc.sum()));
                }
            }
            running[0] = 0;
            for (Thread worker : workers) {
                worker.join(TimeUnit.MINUTES.toMillis(2));
                assertThat(worker.isAlive()).as("%s finished", worker.getName()).isFalse();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            assertThat(errors).isEmpty();

            MetricsText m = new MetricsText(registry.scrape());
            String dsLabel = label("datasource", "soak");
            long executed = selects.sum() + inserts.sum() + deletes.sum() + adHoc.sum();
            assertThat((long) m.sum("db_queries_executed_total", dsLabel)).isEqualTo(executed);
            assertThat((long) m.sum("db_queries_executed_total", dsLabel, label("operation", "insert")))
                    .isEqualTo(inserts.sum());
            assertThat((long) m.sum("db_rows_affected_total", dsLabel, label("operation", "delete")))
                    .isEqualTo(deletes.sum());
            assertThat((long) m.sum("db_queries_failed_total", dsLabel)).isEqualTo(failedInserts.sum());
            assertThat((long) m.sum("db_queries_failed_total", dsLabel, label("sqlstate_class", "23")))
                    .isEqualTo(failedInserts.sum());
            assertThat((long) m.sum("db_query_duration_seconds_count", dsLabel, label("outcome", "success")))
                    .isEqualTo(executed - failedInserts.sum());
            assertThat((long) m.sum("db_rows_returned_total", dsLabel)).isEqualTo(rowsRead.sum());
            assertThat((long) m.sum("db_transactions_total", dsLabel, label("outcome", "commit"))).isEqualTo(commits.sum());
            assertThat((long) m.sum("db_transactions_total", dsLabel, label("outcome", "rollback")))
                    .isEqualTo(rollbacks.sum());
            assertThat((long) m.sum("db_connection_acquire_seconds_count", dsLabel)).isEqualTo(leases.sum());
            assertThat((long) m.sum("db_connection_usage_seconds_count", dsLabel)).isEqualTo(leases.sum());
            assertThat(m.sum("db_connections_active", dsLabel)).isZero();
            assertThat(m.sum("db_connections_pending", dsLabel)).isZero();
            assertThat(m.sum("jdbc_metrics_recording_errors_total", dsLabel)).isZero();
            assertThat(ds.metrics().cachedSqlCount()).as("distinct ad-hoc SQL stays bounded in the cache")
                    .isLessThanOrEqualTo(10_000);

            long baseline = heapAfterGc.get(0);
            long max = heapAfterGc.stream().mapToLong(Long::longValue).max().orElseThrow();
            Set<Long> threadsAfter = liveThreadIds();
            threadsAfter.removeAll(threadsBefore);
            String report = String.format("soak: %d s, %d threads, %d statements (%.0f/s), %d distinct ad-hoc SQL,"
                    + " %d leases; used heap after GC from %.1f MB to max %.1f MB (growth %.1f MB);"
                    + " threads started after warm-up and alive at a sample: at most %d; threads started during"
                    + " the soak and alive after it: %d%n%s",
                    seconds, THREADS, executed, executed / elapsed, adHoc.sum(), leases.sum(), baseline / 1048576.0,
                    max / 1048576.0, (max - baseline) / 1048576.0, maxNewThreads, threadsAfter.size(), samples);
            System.out.println(report);
            assertThat(max - baseline).as(report).isLessThan(HEAP_GROWTH_BOUND);
            assertThat(maxNewThreads).as(report).isLessThanOrEqualTo(2);
            assertThat(threadsAfter).as(report).hasSizeLessThanOrEqualTo(2);
        } finally {
            registry.close();
        }
    }

    private void work(MeteredDataSource ds, int thread, long[] running) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long i = 0;
        while (running[0] == 1) {
            i++;
            leases.increment();
            try (Connection c = ds.getConnection()) {
                boolean transaction = i % 8 == 0;
                if (transaction) {
                    c.setAutoCommit(false);
                }
                try (PreparedStatement select = c.prepareStatement("SELECT id FROM ten WHERE id <= ?")) {
                    select.setInt(1, 10);
                    selects.increment();
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rowsRead.increment();
                        }
                    }
                }
                long id = ((long) thread << 40) + i;
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
                    insert.setLong(1, id);
                    insert.setInt(2, thread);
                    insert.setInt(3, (int) i);
                    inserts.increment();
                    insert.executeUpdate();
                    if (i % 16 == 0) {
                        // The same key again: a unique violation, class 23.
                        inserts.increment();
                        try {
                            insert.executeUpdate();
                        } catch (SQLException e) {
                            failedInserts.increment();
                        }
                    }
                }
                // The table stays small, so the heap measures us, not the database's data.
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
                    delete.setLong(1, id);
                    deletes.increment();
                    delete.executeUpdate();
                }
                try (Statement s = c.createStatement()) {
                    // Distinct SQL text on every call: the analysis cache must stay bounded.
                    adHoc.increment();
                    try (ResultSet rs = s.executeQuery("SELECT v FROM items WHERE id = " + random.nextLong(1L << 50))) {
                        while (rs.next()) {
                            rowsRead.increment();
                        }
                    }
                }
                if (transaction) {
                    if (i % 16 == 0) {
                        c.rollback();
                        rollbacks.increment();
                    } else {
                        c.commit();
                        commits.increment();
                    }
                    c.setAutoCommit(true);
                }
            }
        }
    }

    private static Set<Long> liveThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (long id : THREAD_BEAN.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }
}
