package dev.jdbcmetrics.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cap on the series one datasource may publish ({@link MetricsConfig#maxSeries()}), so that a
 * fleet's cost is bounded by configuration whatever SQL it runs.
 *
 * <p>Every label combination reserves the series it will publish before its meters are
 * registered, at the cost the Prometheus text exposition shows for it: a counter or gauge is one
 * series, a histogram with {@code b} bounds is {@code b + 3} ({@code b} buckets, {@code +Inf},
 * {@code _count}, {@code _sum}). The datasource's own series (connections, pool, transactions,
 * this cap's counter) and one overflow group ({@code operation="other", table="other"}) are
 * reserved when the datasource is created. When the budget is spent:
 * <ul>
 *   <li>a new operation and table records into the overflow group, so every total (executions,
 *       failures, durations, rows) stays exact, only the breakdown is lost;</li>
 *   <li>a new {@code sqlstate_class} of a group gets no series: the failure still counts in
 *       {@code db_queries_executed_total} and the error-outcome duration, not by class;</li>
 *   <li>a new statement of statement mode gets no series of its own (its operation's series see
 *       it, as when the top N is full).</li>
 * </ul>
 * Each recording that met a spent budget in the first two ways adds one to
 * {@code db_series_overflow_total}. Reserving costs one CAS per new label combination, never
 * anything per execution.
 */
final class SeriesBudget {

    /** Series of one histogram with {@code bounds} bucket bounds in the text exposition. */
    static int histogramSeries(int bounds) {
        return bounds + 3;
    }

    /** Series of one operation and table: 2 duration histograms, 1 rows histogram, 4 counters. */
    static int groupSeries(MetricsConfig config) {
        return 2 * histogramSeries(config.durationBuckets().length)
                + histogramSeries(MetricsConfig.ROW_BUCKETS.length) + 4;
    }

    /**
     * Series of one statement in the top N of statement mode: info gauge, duration histogram with
     * the duration buckets, executions, rows. Given back when the statement leaves the top N.
     */
    static int statementSeries(MetricsConfig config) {
        return 1 + histogramSeries(config.durationBuckets().length) + 2;
    }

    /**
     * The datasource's own series, present whatever SQL runs: the recording-error and overflow
     * counters, connection acquire and usage histograms, the leak counter, transactions by
     * outcome with their duration histograms, and up to six pool gauges.
     */
    static int fixedSeries() {
        return 2 + 2 * histogramSeries(Buckets.ACQUIRE_SECONDS.length) + 1 + 2
                + 2 * histogramSeries(Buckets.USAGE_SECONDS.length) + 6;
    }

    /** The smallest budget that holds the fixed series and the overflow group. */
    static int minimum(MetricsConfig config) {
        return fixedSeries() + groupSeries(config);
    }

    private final int max;
    private final AtomicInteger used;
    private final LongAdder overflow = new LongAdder();

    SeriesBudget(MetricsConfig config) {
        this.max = config.maxSeries();
        this.used = new AtomicInteger(minimum(config));
    }

    /**
     * Reserves {@code series} more series if they fit.
     *
     * @return false when the budget is spent; nothing is reserved then
     */
    boolean tryReserve(int series) {
        int current;
        do {
            current = used.get();
            if (current + series > max) {
                return false;
            }
        } while (!used.compareAndSet(current, current + series));
        return true;
    }

    /** Gives back {@code series} reserved before, whose meters are gone (an evicted statement's). */
    void release(int series) {
        used.addAndGet(-series);
    }

    /** Series reserved so far, the fixed ones and the overflow group included. */
    int used() {
        return used.get();
    }

    /** Recordings that met a spent budget; read by {@code db_series_overflow_total}. */
    LongAdder overflow() {
        return overflow;
    }
}
