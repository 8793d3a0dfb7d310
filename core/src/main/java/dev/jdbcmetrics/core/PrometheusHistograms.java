package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Exposes {@link Histogram}s as real Prometheus histograms of a {@link PrometheusMeterRegistry}:
 * one collector per Prometheus registry, shared by every datasource that records into it, read
 * at scrape time. Names and label keys follow the registry's naming convention, so the output is
 * what a Micrometer timer with the same name would give ({@code db_query_duration_seconds_bucket}).
 *
 * <p>Only loaded when micrometer-registry-prometheus is on the class path.
 */
final class PrometheusHistograms implements MultiCollector {

    private static final Map<PrometheusRegistry, PrometheusHistograms> byRegistry = new WeakHashMap<>();

    private final List<Series> series = new CopyOnWriteArrayList<>();

    private record SeriesKey(String name, Labels labels) {
    }

    private record Series(String name, String help, Labels labels, double[] upperBounds, double scale, Histogram histogram) {
    }

    /**
     * Adds a histogram to {@code registry}'s scrapes.
     *
     * @return what removes it again
     */
    static Runnable add(PrometheusMeterRegistry registry, String name, String description, HistogramUnit unit,
            Iterable<Tag> tags, Histogram histogram) {
        NamingConvention naming = registry.config().namingConvention();
        String prometheusName = naming.name(name, unit.type, unit.baseUnit);
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Tag tag : tags) {
            keys.add(naming.tagKey(tag.getKey()));
            values.add(naming.tagValue(tag.getValue()));
        }
        long[] bounds = histogram.bounds();
        double[] upperBounds = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            upperBounds[i] = bounds[i] * unit.scale;
        }
        upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
        Series series = new Series(prometheusName, description, Labels.of(keys, values), upperBounds, unit.scale,
                histogram);
        PrometheusHistograms collector = of(registry.getPrometheusRegistry());
        collector.series.add(series);
        return () -> collector.series.remove(series);
    }

    private static PrometheusHistograms of(PrometheusRegistry registry) {
        synchronized (byRegistry) {
            return byRegistry.computeIfAbsent(registry, r -> {
                PrometheusHistograms collector = new PrometheusHistograms();
                r.register(collector);
                return collector;
            });
        }
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, HistogramSnapshot.Builder> families = new LinkedHashMap<>();
        Set<SeriesKey> seen = new HashSet<>();
        for (Series s : series) {
            if (!seen.add(new SeriesKey(s.name, s.labels))) {
                // Two datasources of the same name in one registry: a duplicated series would make
                // every scrape fail, so the first one registered wins, as with Micrometer's meters.
                continue;
            }
            HistogramSnapshot.Builder family = families.computeIfAbsent(s.name,
                    name -> HistogramSnapshot.builder().name(name).help(s.help));
            family.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(s.upperBounds, s.histogram.bucketCounts()))
                    .sum(s.histogram.sum() * s.scale)
                    .labels(s.labels)
                    .build());
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        for (HistogramSnapshot.Builder family : families.values()) {
            snapshots.add(family.build());
        }
        return new MetricSnapshots(snapshots);
    }

    static boolean isPrometheus(io.micrometer.core.instrument.MeterRegistry registry) {
        return registry instanceof PrometheusMeterRegistry;
    }
}
