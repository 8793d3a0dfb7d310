package dev.jdbcmetrics.exporter;

import dev.jdbcmetrics.core.SlowQuery;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the live page shows, computed here from the same snapshots {@code /metrics} serves (so the
 * page and Prometheus agree) and from the recent slow queries of core: one row per datasource or
 * target ({@code db_up}, pool saturation, executions), the statements of statement mode by total
 * time (count, mean, p99 estimated from the buckets), the recent slow queries. Sent as JSON to the
 * page's script by {@code /api/summary}.
 *
 * @param datasources by name
 * @param statements  the {@value #MAX_STATEMENTS} heaviest by total time, heaviest first
 * @param slowQueries the most recent first, at most {@value #MAX_SLOW_QUERIES}
 */
record LiveSummary(List<Datasource> datasources, List<Statement> statements, List<SlowQuery> slowQueries) {

    static final int MAX_STATEMENTS = 20;
    static final int MAX_SLOW_QUERIES = 20;

    /**
     * The metric families read, by their names in the snapshots: client_java drops the
     * {@code _total} and {@code _info} suffixes there ({@code db_statement_info} is {@code db_statement}).
     */
    static final Set<String> NAMES = Set.of("db_up", "db_pool_saturation_ratio", "db_connections_active",
            "db_connections_max", "db_queries_executed", "db_statement", "db_statement_duration_seconds");

    /** Scrapes only the families the summary reads. */
    static final Predicate<String> INCLUDED = NAMES::contains;

    /**
     * One datasource (or sidecar target); a value a registry does not have is NaN.
     *
     * @param up         {@code db_up} (sidecar targets), else NaN
     * @param saturation {@code db_pool_saturation_ratio}
     * @param active     {@code db_connections_active}
     * @param max        {@code db_connections_max}
     * @param executed   {@code db_queries_executed_total}, summed over operations and tables
     */
    record Datasource(String name, double up, double saturation, double active, double max, double executed) {
    }

    /**
     * One statement in the top N of statement mode.
     *
     * @param count        executions since it entered the top N
     * @param totalSeconds their total wall time
     * @param meanSeconds  total / count
     * @param p99Seconds   estimated from the histogram buckets (see {@link HistogramQuantile})
     */
    record Statement(String datasource, String fingerprint, String sql, long count, double totalSeconds,
            double meanSeconds, double p99Seconds) {
    }

    static LiveSummary of(MetricSnapshots snapshots, List<SlowQuery> recentSlowQueries) {
        Map<String, double[]> datasources = new TreeMap<>();
        Map<String, String> sqlByKey = new HashMap<>();
        List<Statement> statements = new ArrayList<>();
        List<HistogramSnapshot.HistogramDataPointSnapshot> durations = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            String name = snapshot.getMetadata().getPrometheusName();
            switch (name) {
                case "db_up" -> gauge(snapshot, "target", 0, datasources);
                case "db_pool_saturation_ratio" -> gauge(snapshot, "datasource", 1, datasources);
                case "db_connections_active" -> gauge(snapshot, "datasource", 2, datasources);
                case "db_connections_max" -> gauge(snapshot, "datasource", 3, datasources);
                case "db_queries_executed" -> {
                    for (CounterSnapshot.CounterDataPointSnapshot point : ((CounterSnapshot) snapshot).getDataPoints()) {
                        double[] row = row(datasources, point.getLabels().get("datasource"));
                        if (row != null) {
                            row[4] = (Double.isNaN(row[4]) ? 0 : row[4]) + point.getValue();
                        }
                    }
                }
                case "db_statement" -> {
                    for (DataPointSnapshot point : snapshot.getDataPoints()) {
                        Labels labels = point.getLabels();
                        sqlByKey.put(key(labels), labels.get("sql"));
                    }
                }
                case "db_statement_duration_seconds" ->
                        durations.addAll(((HistogramSnapshot) snapshot).getDataPoints());
                default -> {
                }
            }
        }
        for (HistogramSnapshot.HistogramDataPointSnapshot point : durations) {
            long count = point.getCount();
            if (count == 0) {
                continue;
            }
            Labels labels = point.getLabels();
            double p99 = point.hasClassicHistogramData()
                    ? HistogramQuantile.estimate(0.99, point.getClassicBuckets()) : Double.NaN;
            statements.add(new Statement(labels.get("datasource"), labels.get("fingerprint"),
                    sqlByKey.getOrDefault(key(labels), ""), count, point.getSum(), point.getSum() / count, p99));
        }
        statements.sort(Comparator.comparingDouble(Statement::totalSeconds).reversed()
                .thenComparing(Statement::fingerprint));
        List<Datasource> rows = new ArrayList<>();
        datasources.forEach((n, v) -> rows.add(new Datasource(n, v[0], v[1], v[2], v[3], v[4])));
        List<SlowQuery> slow = new ArrayList<>(recentSlowQueries);
        slow.sort(Comparator.comparingLong(SlowQuery::epochMillis).reversed());
        return new LiveSummary(rows, List.copyOf(statements.subList(0, Math.min(MAX_STATEMENTS, statements.size()))),
                List.copyOf(slow.subList(0, Math.min(MAX_SLOW_QUERIES, slow.size()))));
    }

    /** The JSON the page's script reads. */
    String toJson() {
        Json json = new Json().beginObject().beginArray("datasources");
        for (Datasource d : datasources) {
            json.beginObject().field("name", d.name()).field("up", d.up()).field("saturation", d.saturation())
                    .field("active", d.active()).field("max", d.max()).field("executed", d.executed()).endObject();
        }
        json.endArray().beginArray("statements");
        for (Statement s : statements) {
            json.beginObject().field("datasource", s.datasource()).field("fingerprint", s.fingerprint())
                    .field("sql", s.sql()).field("count", s.count()).field("totalSeconds", s.totalSeconds())
                    .field("meanSeconds", s.meanSeconds()).field("p99Seconds", s.p99Seconds()).endObject();
        }
        json.endArray().beginArray("slowQueries");
        for (SlowQuery q : slowQueries) {
            json.beginObject().field("datasource", q.datasource()).field("operation", q.operation())
                    .field("table", q.table()).field("sql", q.sql()).field("seconds", q.seconds())
                    .field("at", q.epochMillis()).endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static void gauge(MetricSnapshot snapshot, String label, int column, Map<String, double[]> datasources) {
        for (GaugeSnapshot.GaugeDataPointSnapshot point : ((GaugeSnapshot) snapshot).getDataPoints()) {
            double[] row = row(datasources, point.getLabels().get(label));
            if (row != null) {
                row[column] = point.getValue();
            }
        }
    }

    private static double[] row(Map<String, double[]> datasources, String name) {
        if (name == null) {
            return null;
        }
        return datasources.computeIfAbsent(name, n -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN});
    }

    private static String key(Labels labels) {
        return labels.get("datasource") + '\u0000' + labels.get("fingerprint");
    }
}
