package dev.jdbcmetrics.sidecar.config;

/** The Prometheus type of a collector metric. */
public enum MetricType {
    /** A value that goes up and down. */
    GAUGE,
    /** A value that only goes up; exposed with the {@code _total} suffix. */
    COUNTER
}
