package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlNormalizer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs slow queries with their normalised SQL (never literals), at most once per interval per
 * datasource; the ones in between are counted and reported with the next line.
 */
final class SlowQueryLog {

    private static final Logger logger = LoggerFactory.getLogger("dev.jdbcmetrics.slow-queries");
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String datasource;
    private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());
    private final LongAdder suppressed = new LongAdder();

    SlowQueryLog(String datasource) {
        this.datasource = datasource;
    }

    void slow(String sql, long nanos, String operation, String table) {
        long now = System.nanoTime();
        long next = nextLogAt.get();
        if (now - next < 0 || !nextLogAt.compareAndSet(next, now + INTERVAL_NANOS)) {
            suppressed.increment();
            return;
        }
        try {
            log(sql, nanos, operation, table);
        } catch (RuntimeException ignored) {
            // a broken logger must not reach the query
        }
    }

    private void log(String sql, long nanos, String operation, String table) {
        if (!logger.isWarnEnabled()) {
            return;
        }
        long others = suppressed.sumThenReset();
        logger.warn("Slow query on datasource '{}': {} ms, operation={}, table={}, sql: {}{}",
                datasource, TimeUnit.NANOSECONDS.toMillis(nanos), operation, table,
                sql == null ? "(batch)" : SqlNormalizer.normalize(sql),
                others == 0 ? "" : " (" + others + " more slow queries since the last line)");
    }
}
