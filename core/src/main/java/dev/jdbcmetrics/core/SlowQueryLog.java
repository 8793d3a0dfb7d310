package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlNormalizer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs slow queries with their normalised SQL (never literals), at most once per interval per
 * datasource; the ones in between are counted and reported with the next line. Every slow query
 * also goes to the datasource's {@link RecentSlowQueries}, which the live page reads.
 */
final class SlowQueryLog {

    private static final Logger logger = LoggerFactory.getLogger("dev.jdbcmetrics.slow-queries");
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String datasource;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final Consumer<String> sink;
    private final AtomicLong nextLogAt;
    private final LongAdder suppressed = new LongAdder();
    private final RecentSlowQueries recent;

    SlowQueryLog(String datasource) {
        this(datasource, System::nanoTime, System::currentTimeMillis, SlowQueryLog::warn);
    }

    /** With the clocks and the line sink given, for tests. */
    SlowQueryLog(String datasource, LongSupplier nanoClock, LongSupplier wallClock, Consumer<String> sink) {
        this.datasource = datasource;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.sink = sink;
        this.nextLogAt = new AtomicLong(nanoClock.getAsLong());
        this.recent = new RecentSlowQueries(datasource);
    }

    RecentSlowQueries recent() {
        return recent;
    }

    void slow(String sql, long nanos, String operation, String table) {
        recent.add(sql, nanos, operation, table, wallClock.getAsLong());
        long now = nanoClock.getAsLong();
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
        long others = suppressed.sumThenReset();
        sink.accept("Slow query on datasource '" + datasource + "': " + TimeUnit.NANOSECONDS.toMillis(nanos)
                + " ms, operation=" + operation + ", table=" + table + ", sql: "
                + (sql == null ? "(batch)" : SqlNormalizer.normalize(sql))
                + (others == 0 ? "" : " (" + others + " more slow queries since the last line)"));
    }

    // At most one line per interval is built, so building it when WARN is off costs nothing that matters.
    private static void warn(String line) {
        if (logger.isWarnEnabled()) {
            logger.warn(line);
        }
    }
}
