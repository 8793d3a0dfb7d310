package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.sidecar.TargetCollector.CollectorException;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.MetricType;
import io.prometheus.metrics.model.snapshots.Labels;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the rows of a query into the samples of one metric, as sql_exporter does: label columns
 * (NULL becomes the empty string), static labels, one sample per value column (told apart by
 * the value label), a static value or a timestamp column; or, for a histogram, one observation
 * per row. Several metrics can read the same rows, each through its own instance.
 */
final class MetricRows {

    private final MetricConfig metric;
    private final String where;
    private final int[] labelColumns;
    private final int[] valueColumns;
    private final int timestampColumn;
    private final List<String> labelNames = new ArrayList<>();
    private final List<String> fixedLabelValues = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Set<Labels> seen = new HashSet<>();
    private final Map<Labels, Sample.Histogram> histograms = new LinkedHashMap<>();
    private long nulls;

    /**
     * Finds the metric's columns in the result.
     *
     * @param columns the result's column labels, lower case, to their index
     * @throws CollectorException when a named column is missing
     */
    MetricRows(MetricConfig metric, String where, Map<String, Integer> columns)
            throws CollectorException {
        this.metric = metric;
        this.where = where;
        labelColumns = new int[metric.labels().size()];
        for (int i = 0; i < labelColumns.length; i++) {
            labelColumns[i] = column(columns, metric.labels().get(i), "labels");
        }
        valueColumns = new int[metric.values().size()];
        for (int i = 0; i < valueColumns.length; i++) {
            valueColumns[i] = column(columns, metric.values().get(i),
                    valueColumns.length == 1 ? "value" : "values");
        }
        timestampColumn = metric.timestampValue().isPresent()
                ? column(columns, metric.timestampValue().get(), "timestamp_value") : 0;
        labelNames.addAll(metric.labels());
        metric.staticLabels().forEach((name, value) -> {
            labelNames.add(name);
            fixedLabelValues.add(value);
        });
        metric.valueLabel().ifPresent(labelNames::add);
    }

    /** Reads the current row. */
    void accept(ResultSet row) throws SQLException, CollectorException {
        List<String> values = new ArrayList<>(labelNames.size());
        for (int column : labelColumns) {
            String value = row.getString(column);
            values.add(value == null ? "" : value); // as sql_exporter: NULL is the empty label
        }
        values.addAll(fixedLabelValues);
        if (metric.staticValue().isPresent()) {
            add(Labels.of(labelNames, values), metric.staticValue().get(), timestamp(row));
            return;
        }
        for (int i = 0; i < valueColumns.length; i++) {
            Object raw = row.getObject(valueColumns[i]);
            if (raw == null) {
                nulls++; // as sql_exporter: no sample; counted as a null_value error
                continue;
            }
            List<String> withValueLabel = values;
            if (metric.valueLabel().isPresent()) {
                withValueLabel = new ArrayList<>(values);
                withValueLabel.add(metric.values().get(i));
            }
            Labels labels = Labels.of(labelNames, withValueLabel);
            double value = number(raw, metric.values().get(i));
            if (metric.type() == MetricType.HISTOGRAM) {
                observe(labels, value);
            } else {
                add(labels, value, timestamp(row));
            }
        }
    }

    /** @return the samples of every row read */
    List<Sample> samples() {
        if (metric.type() == MetricType.HISTOGRAM) {
            return List.copyOf(histograms.values());
        }
        return List.copyOf(samples);
    }

    /** @return the value cells that were NULL */
    long nulls() {
        return nulls;
    }

    private void add(Labels labels, double value, long timestampMillis) throws CollectorException {
        if (!seen.add(labels)) {
            throw new CollectorException(where + " returned two rows with the same values in the"
                    + " label columns " + metric.labels(), CollectorErrors.Kind.RESULT);
        }
        if (metric.type() == MetricType.COUNTER && !(value >= 0)) {
            throw new CollectorException(where + ": a counter cannot take the negative or NaN"
                    + " value " + value, CollectorErrors.Kind.RESULT);
        }
        samples.add(new Sample.Value(labels, value, timestampMillis));
    }

    private void observe(Labels labels, double value) {
        List<Double> bounds = metric.buckets();
        Sample.Histogram histogram = histograms.computeIfAbsent(labels,
                l -> new Sample.Histogram(l, new long[bounds.size() + 1], 0));
        int bucket = 0;
        while (bucket < bounds.size() && value > bounds.get(bucket)) {
            bucket++;
        }
        histogram.counts()[bucket]++;
        histograms.put(labels, new Sample.Histogram(labels, histogram.counts(),
                histogram.sum() + value));
    }

    private long timestamp(ResultSet row) throws SQLException, CollectorException {
        if (timestampColumn == 0) {
            return 0;
        }
        Object raw = row.getObject(timestampColumn);
        if (raw == null) {
            return 0;
        }
        if (raw instanceof Number || raw instanceof String) {
            // Unix seconds, possibly fractional.
            return Math.round(number(raw, metric.timestampValue().get()) * 1000);
        }
        Timestamp timestamp = row.getTimestamp(timestampColumn);
        return timestamp == null ? 0 : timestamp.getTime();
    }

    private int column(Map<String, Integer> columns, String name, String key)
            throws CollectorException {
        Integer index = columns.get(name.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new CollectorException(where + ": column '" + name + "' named by '" + key
                    + "' is not in the query result (columns: "
                    + String.join(", ", new TreeSet<>(columns.keySet())) + ")",
                    CollectorErrors.Kind.RESULT);
        }
        return index;
    }

    private double number(Object raw, String column) throws CollectorException {
        if (raw instanceof Number number) {
            return number.doubleValue();
        }
        if (raw instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            // The value itself stays out of the message: it is data from the database.
            throw new CollectorException(where + ": column '" + column + "' holds a "
                    + raw.getClass().getSimpleName() + " that is not a number",
                    CollectorErrors.Kind.RESULT);
        }
    }
}
