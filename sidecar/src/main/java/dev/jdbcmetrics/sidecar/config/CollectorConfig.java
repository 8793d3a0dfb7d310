package dev.jdbcmetrics.sidecar.config;

import java.time.Duration;
import java.util.List;

/**
 * A named group of metrics that run together on a target.
 *
 * @param name        the collector's name, the {@code collector} label of its own metrics
 * @param minInterval cached results are served until they are this old ({@link Duration#ZERO}:
 *                    run at every scrape)
 * @param timeout     the longest one run may take; the scrape's own deadline can cut it shorter
 * @param metrics     the metrics, at least one
 */
public record CollectorConfig(String name, Duration minInterval, Duration timeout,
                              List<MetricConfig> metrics) {

    /** The default {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CollectorConfig {
        metrics = List.copyOf(metrics);
    }
}
