package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.noop.NoopMeter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus fast path: our {@link Histogram}s as real Prometheus histograms of a
 * {@link PrometheusMeterRegistry}, read at scrape time, so the query path never calls the registry.
 *
 * <p>Each histogram first registers an <em>anchor</em> through the registry
 * ({@link HistogramSpec#anchor()}: a meter of the histogram's name and tags with no measurements).
 * The registry's filters decide what becomes of it as of any meter: denied, it is a no-op meter and
 * the histogram is not exposed; otherwise its id carries the renamed name and the common and
 * changed tags, and the histogram is exposed under exactly that id, named by the registry's naming
 * convention ({@code db_query_duration_seconds_bucket}). The anchor also puts the histogram in the
 * registry's {@code getMeters()} and {@code find()}; it has no measurements because the registry
 * would expose them as families of the same name, which a Prometheus scrape refuses. Removing the
 * anchor from the registry (by us on close, or by the application) removes the histogram.
 *
 * <p>One collector per Prometheus registry, shared by every datasource. Two histograms whose
 * anchors end up with the same id (two datasources of one name, or a filter that drops the tag
 * telling them apart) are one series: the first one published is exposed, as the registry keeps
 * the first of two counters of one id. Only loaded when micrometer-registry-prometheus is on the
 * class path.
 */
final class PrometheusHistograms implements MultiCollector {

    private static final Map<PrometheusMeterRegistry, PrometheusHistograms> byRegistry = new WeakHashMap<>();

    private final Map<Meter.Id, Series> series = new ConcurrentHashMap<>();

    private PrometheusHistograms() {
    }

    /** One exposed histogram: its anchor, the family name and labels the naming convention gave. */
    private record Series(Meter anchor, Histogram histogram, String family, String help, Labels labels,
            double[] upperBounds, double scale) {
    }

    static boolean isPrometheus(MeterRegistry registry) {
        return registry instanceof PrometheusMeterRegistry;
    }

    /**
     * Exposes {@code histogram} in {@code registry}'s scrapes under the id the registry's filters
     * give {@code spec}.
     *
     * @return what removes it again; null when the filters deny it (nothing to remove)
     */
    static Runnable add(MeterRegistry registry, HistogramSpec spec, Histogram histogram) {
        PrometheusMeterRegistry prometheus = (PrometheusMeterRegistry) registry;
        Meter anchor = spec.anchor().register(prometheus);
        if (anchor instanceof NoopMeter) {
            return null;
        }
        PrometheusHistograms collector = of(prometheus);
        Series added = series(anchor, spec, histogram, prometheus.config().namingConvention());
        if (collector.series.putIfAbsent(anchor.getId(), added) != null) {
            return null; // the first histogram of this id is exposed; its anchor is its own
        }
        return () -> {
            if (collector.series.remove(anchor.getId(), added)) {
                prometheus.remove(anchor);
            }
        };
    }

    private static PrometheusHistograms of(PrometheusMeterRegistry registry) {
        synchronized (byRegistry) {
            return byRegistry.computeIfAbsent(registry, r -> {
                // Holds nothing of the registry: the map's key stays weakly reachable.
                PrometheusHistograms collector = new PrometheusHistograms();
                r.getPrometheusRegistry().register(collector);
                r.config().onMeterRemoved(collector::removed);
                return collector;
            });
        }
    }

    private void removed(Meter meter) {
        Series s = series.get(meter.getId());
        if (s != null && s.anchor == meter) {
            series.remove(meter.getId(), s);
        }
    }

    private static Series series(Meter anchor, HistogramSpec spec, Histogram histogram, NamingConvention naming) {
        Meter.Id id = anchor.getId();
        // Unit annotations such as OpenTelemetry's {row} are not part of a Prometheus name.
        String baseUnit = id.getBaseUnit() != null && id.getBaseUnit().startsWith("{") ? null : id.getBaseUnit();
        String family = naming.name(id.getName(), spec.unit().type, baseUnit);
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            keys.add(naming.tagKey(tag.getKey()));
            values.add(naming.tagValue(tag.getValue()));
        }
        long[] bounds = histogram.bounds();
        double[] upperBounds = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            upperBounds[i] = bounds[i] * spec.unit().scale;
        }
        upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
        String help = id.getDescription() != null ? id.getDescription() : " ";
        return new Series(anchor, histogram, family, help, Labels.of(keys, values), upperBounds, spec.unit().scale);
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot dataPoint(Series s) {
        HistogramSnapshot.HistogramDataPointSnapshot.Builder point = HistogramSnapshot.HistogramDataPointSnapshot
                .builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(s.upperBounds, s.histogram.bucketCounts()))
                .labels(s.labels);
        NativeBuckets natives = s.histogram.natives();
        if (natives != null) {
            // Only the protobuf exposition carries these; the text formats show the classic buckets.
            int[][] indexes = new int[1][];
            long[] counts = natives.snapshot(indexes);
            point.nativeSchema(NativeBuckets.SCHEMA)
                    .nativeZeroThreshold(NativeBuckets.ZERO_THRESHOLD)
                    .nativeZeroCount(natives.zeroCount())
                    .nativeBucketsForPositiveValues(NativeHistogramBuckets.of(indexes[0], counts))
                    .nativeBucketsForNegativeValues(NativeHistogramBuckets.EMPTY);
        }
        ExemplarSampler sampler = s.histogram.exemplars();
        if (sampler != null) {
            List<ExemplarSampler.Sample> samples = sampler.samples();
            if (!samples.isEmpty()) {
                List<Exemplar> exemplars = new ArrayList<>(samples.size());
                for (ExemplarSampler.Sample sample : samples) {
                    exemplars.add(Exemplar.builder().value(sample.value() * s.scale).traceId(sample.traceId())
                            .spanId(sample.spanId()).timestampMillis(sample.epochMillis()).build());
                }
                point.exemplars(Exemplars.of(exemplars));
            }
        }
        point.sum(s.histogram.sum() * s.scale);
        return point.build();
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, HistogramSnapshot.Builder> families = new LinkedHashMap<>();
        for (Series s : series.values()) {
            HistogramSnapshot.Builder family = families.computeIfAbsent(s.family,
                    name -> HistogramSnapshot.builder().name(name).help(s.help));
            family.dataPoint(dataPoint(s));
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        for (HistogramSnapshot.Builder family : families.values()) {
            snapshots.add(family.build());
        }
        return new MetricSnapshots(snapshots);
    }
}
