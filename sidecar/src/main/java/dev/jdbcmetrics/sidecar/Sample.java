package dev.jdbcmetrics.sidecar;

import io.prometheus.metrics.model.snapshots.Labels;

/** What a collector metric's rows became: the series of one scrape, without the target label. */
sealed interface Sample permits Sample.Value, Sample.Histogram {

    /** @return the series' labels: label columns, static labels and the value label */
    Labels labels();

    /**
     * One gauge or counter sample.
     *
     * @param labels          the labels
     * @param value           the value
     * @param timestampMillis the sample's time from {@code timestamp_value}, or 0 for none
     */
    record Value(Labels labels, double value, long timestampMillis) implements Sample {
    }

    /**
     * A histogram of the rows sharing one label set.
     *
     * @param labels the labels
     * @param counts observations per bucket (not cumulative), the last one above every bound
     * @param sum    the sum of the observations
     */
    record Histogram(Labels labels, long[] counts, double sum) implements Sample {
    }
}
