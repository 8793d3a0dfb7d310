package dev.jdbcmetrics.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Statement mode: the series of one normalised statement, keyed by its fingerprint: an
 * execution count and a count-and-total duration (no buckets, to keep per-statement series few).
 */
final class StatementMeters {

    private final LongAdder executed;
    private final Histogram duration;

    StatementMeters(LongAdder executed, Histogram duration) {
        this.executed = executed;
        this.duration = duration;
    }

    void executed(long nanos) {
        executed.increment();
        duration.record(nanos);
    }
}
