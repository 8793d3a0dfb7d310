package dev.jdbcmetrics.core;

/**
 * Statement mode: the series of one normalised statement, keyed by its fingerprint: an
 * execution count and a count-and-total duration (no buckets, to keep per-statement series few).
 */
final class StatementMeters {

    private final Histogram duration;

    /** The caller publishes the execution count as {@code duration}'s count, read at scrape time. */
    StatementMeters(Histogram duration) {
        this.duration = duration;
    }

    void executed(long nanos) {
        duration.record(nanos);
    }
}
