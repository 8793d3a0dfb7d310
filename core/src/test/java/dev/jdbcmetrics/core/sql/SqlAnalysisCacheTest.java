package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqlAnalysisCacheTest {

    private final AtomicInteger loads = new AtomicInteger();

    private SqlAnalysis countingAnalyze(String sql) {
        loads.incrementAndGet();
        return SqlAnalyzer.analyze(sql);
    }

    @Test
    void sizeNeverExceedsMaxEntries() {
        SqlAnalysisCache<SqlAnalysis> cache = new SqlAnalysisCache<>(1_000, 10_000, this::countingAnalyze);
        int maxSeen = 0;

        for (int i = 0; i < 50_000; i++) {
            cache.get("SELECT * FROM orders WHERE id = " + i);
            maxSeen = Math.max(maxSeen, cache.size());
        }

        assertThat(maxSeen).isEqualTo(1_000);
        assertThat(cache.size()).isBetween(1, 1_000);
        assertThat(loads).hasValue(50_000);
    }

    @Test
    void repeatedSqlReturnsTheIdenticalInstanceWithoutLoadingAgain() {
        SqlAnalysisCache<SqlAnalysis> cache = new SqlAnalysisCache<>(10, 10_000, this::countingAnalyze);

        SqlAnalysis first = cache.get("UPDATE orders SET status = ? WHERE id = ?");
        SqlAnalysis second = cache.get(new String("UPDATE orders SET status = ? WHERE id = ?"));

        assertThat(second).isSameAs(first).isEqualTo(new SqlAnalysis(SqlOperation.UPDATE, "orders"));
        assertThat(loads).hasValue(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void overLongSqlIsComputedButNeverStored() {
        SqlAnalysisCache<SqlAnalysis> cache = new SqlAnalysisCache<>(10, 40, this::countingAnalyze);
        String longSql = "SELECT a, b, c, d, e, f FROM orders WHERE id = ?";

        assertThat(cache.get(longSql)).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "orders"));
        assertThat(cache.get(longSql)).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "orders"));
        assertThat(loads).hasValue(2);
        assertThat(cache.size()).isZero();

        cache.get("SELECT a FROM orders");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void nullSqlGoesToTheLoaderAndIsNotStored() {
        SqlAnalysisCache<SqlAnalysis> cache = new SqlAnalysisCache<>(10, 100, this::countingAnalyze);

        assertThat(cache.get(null)).isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
        assertThat(cache.size()).isZero();
    }

    @Test
    void nullLoaderResultIsReturnedButNotStored() {
        SqlAnalysisCache<String> cache = new SqlAnalysisCache<>(10, 100, sql -> null);

        assertThat(cache.get("SELECT 1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void rejectsBadBoundsWithAClearMessage() {
        assertThatThrownBy(() -> new SqlAnalysisCache<>(0, 100, SqlAnalyzer::analyze))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEntries must be at least 1, was 0");
        assertThatThrownBy(() -> new SqlAnalysisCache<>(10, -1, SqlAnalyzer::analyze))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSqlLength must not be negative, was -1");
        assertThatThrownBy(() -> new SqlAnalysisCache<SqlAnalysis>(10, 100, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("loader must not be null");
    }

    @Test
    void concurrentMissesNeverPushTheSizePastMaxEntries() throws Exception {
        SqlAnalysisCache<SqlAnalysis> cache = new SqlAnalysisCache<>(100, 10_000, SqlAnalyzer::analyze);
        AtomicInteger maxSeen = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        cache.get("SELECT * FROM t" + thread + " WHERE id = " + i % 300);
                        maxSeen.accumulateAndGet(cache.size(), Math::max);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(maxSeen.get()).isBetween(1, 100);
    }

    @Test
    void hitsDoNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SqlAnalysisCache<SqlAnalysis> cache = new SqlAnalysisCache<>(100, 10_000, SqlAnalyzer::analyze);
        String[] sqls = new String[50];
        for (int i = 0; i < sqls.length; i++) {
            sqls[i] = "SELECT * FROM orders WHERE c" + i + " = ?";
            cache.get(sqls[i]);
        }
        for (int i = 0; i < 200_000; i++) { // warm up, so the measured loop runs compiled code
            cache.get(sqls[i % sqls.length]);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        int hits = 0;
        for (int i = 0; i < 100_000; i++) {
            hits += cache.get(sqls[i % sqls.length]).table().length();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(hits).isEqualTo(100_000 * "orders".length());
        // one object per hit would be at least 1.6 MB; allow only measurement noise
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
