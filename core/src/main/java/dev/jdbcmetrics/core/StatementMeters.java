package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Statement mode: the series of one normalised statement, keyed by its fingerprint. */
final class StatementMeters {

    private final Counter executed;
    private final Timer duration;

    StatementMeters(Counter executed, Timer duration) {
        this.executed = executed;
        this.duration = duration;
    }

    void executed(long nanos) {
        executed.increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
