package dev.jdbcmetrics.sidecar.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One metric of a collector: a query whose rows become samples.
 *
 * @param name           the Prometheus name; for a counter, without the {@code _total} suffix
 * @param type           gauge, counter or histogram
 * @param help           the HELP text
 * @param query          the query whose rows this metric reads (its own, or a shared one)
 * @param labels         the result columns that become labels (the sidecar adds {@code target})
 * @param values         the result columns that hold sample values; empty with a static value
 * @param valueLabel     with several values, the label whose value names the column
 * @param staticLabels   fixed labels on every sample, in configuration order
 * @param staticValue    a fixed sample value instead of a column (an info metric's 1)
 * @param timestampValue a column holding the sample's time (a SQL timestamp or Unix seconds)
 * @param buckets        a histogram's upper bounds, ascending (empty for other types)
 * @param line           the line of the metric in its configuration file, for messages
 */
public record MetricConfig(String name, MetricType type, String help, QueryConfig query,
                           List<String> labels, List<String> values, Optional<String> valueLabel,
                           Map<String, String> staticLabels, Optional<Double> staticValue,
                           Optional<String> timestampValue, List<Double> buckets, int line) {

    public MetricConfig {
        labels = List.copyOf(labels);
        values = List.copyOf(values);
        staticLabels = Collections.unmodifiableMap(new LinkedHashMap<>(staticLabels));
        buckets = List.copyOf(buckets);
    }

    /**
     * A metric with its own query, one value column and no other keys.
     *
     * @param name   the Prometheus name
     * @param type   gauge or counter
     * @param help   the HELP text
     * @param query  the SQL
     * @param labels the label columns
     * @param value  the value column
     * @param line   the line in the configuration file
     */
    public MetricConfig(String name, MetricType type, String help, String query,
                        List<String> labels, String value, int line) {
        this(name, type, help, new QueryConfig(name, query, line), labels, List.of(value),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), List.of(), line);
    }
}
