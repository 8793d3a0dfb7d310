package dev.jdbcmetrics.sidecar;

import java.util.List;

/**
 * One row of a collector query turned into a sample.
 *
 * @param labelValues the values of the metric's label columns, in the configured order
 * @param value       the sample value
 */
record Sample(List<String> labelValues, double value) {

    Sample {
        labelValues = List.copyOf(labelValues);
    }
}
