package dev.jdbcmetrics.sidecar.config;

/** The Prometheus type of a collector metric. */
public enum MetricType {
    /** A value that goes up and down. */
    GAUGE,
    /** A value that only goes up; exposed with the {@code _total} suffix. */
    COUNTER,
    /**
     * A histogram built from rows: each row is one observation of the value column, counted
     * into the configured buckets per label set. A snapshot of the current rows, not a
     * cumulative count: a gauge histogram in OpenMetrics, a histogram in text 0.0.4.
     */
    HISTOGRAM
}
