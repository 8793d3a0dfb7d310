package dev.jdbcmetrics.sidecar.config;

import java.util.List;

/**
 * One metric of a collector: a query whose rows become samples.
 *
 * @param name   the Prometheus name; for a counter, without the {@code _total} suffix
 * @param type   gauge or counter
 * @param help   the HELP text
 * @param query  the SQL run on the target
 * @param labels the result columns that become labels (the sidecar adds {@code target})
 * @param value  the result column that holds the sample value
 * @param line   the line of the metric in the configuration file, for error messages
 */
public record MetricConfig(String name, MetricType type, String help, String query,
                           List<String> labels, String value, int line) {

    public MetricConfig {
        labels = List.copyOf(labels);
    }
}
