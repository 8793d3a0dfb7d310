package dev.jdbcmetrics.core;

/** Bucket bounds of the connection and transaction histograms, in seconds. */
final class Buckets {

    /** {@code db_connection_acquire_seconds}: from sub-millisecond pool hits to timeouts. */
    static final double[] ACQUIRE_SECONDS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30};

    /** {@code db_connection_usage_seconds} and {@code db_transaction_duration_seconds}. */
    static final double[] USAGE_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};

    private Buckets() {
    }
}
