package dev.jdbcmetrics.core;

import java.time.Duration;

/** Bucket bounds for the histograms, converted to what Micrometer's builders take. */
final class Buckets {

    /** {@code db_connection_acquire_seconds}: from sub-millisecond pool hits to timeouts. */
    static final double[] ACQUIRE_SECONDS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30};

    /** {@code db_connection_usage_seconds} and {@code db_transaction_duration_seconds}. */
    static final double[] USAGE_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};

    private Buckets() {
    }

    static Duration[] durations(double[] seconds) {
        Duration[] durations = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return durations;
    }
}
