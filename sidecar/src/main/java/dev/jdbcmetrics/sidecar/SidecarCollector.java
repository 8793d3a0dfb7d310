package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.exporter.ScrapeListener;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.MetricType;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Serves the sidecar's own series at scrape time: {@code db_up}, the collector health metrics
 * and every collector metric, with fresh values and the right Prometheus types. Targets are
 * refreshed in parallel, each bounded by the scrape's deadline; a target that does not finish
 * in time counts as down for that scrape.
 *
 * <p>A request to {@code /probe?target=NAME} refreshes and reports that target only.
 *
 * <p>As a {@link ScrapeListener} of {@code /metrics}, it starts the targets' refreshes when the
 * request arrives, so that their round trips to the databases ({@code db_up}'s validity check)
 * overlap with collecting the JVM and pool metrics; {@link #collect} then waits for those
 * refreshes instead of starting new ones. The values are as fresh as before: the probe still
 * runs within the scrape, started at most the time it takes to collect the other metrics
 * (about a millisecond) earlier.
 */
final class SidecarCollector implements MultiCollector, ScrapeListener {

    static final String UP = "db_up";
    static final String DURATION = "db_collector_duration_seconds";
    static final String ERRORS = "db_collector_errors"; // the writer appends _total
    static final String COLLECTOR_UP = "db_collector_up";
    static final String LAST_SUCCESS = "db_target_last_success_timestamp_seconds";
    static final String PROBE_FAILURES = "db_target_probe_failures"; // the writer appends _total
    static final String TARGET_LABEL = "target";
    static final String COLLECTOR_LABEL = "collector";
    static final String KIND_LABEL = "kind";
    static final String REASON_LABEL = "reason";

    /** The targets and metrics of one configuration; a reload swaps in a new one. */
    private record Generation(List<Target> targets, Map<String, MetricConfig> metrics,
                              long maxWaitNanos) {
    }

    private final ExecutorService executor;
    private final LongSupplier remainingNanos;
    private final ThreadLocal<Refreshes> started = new ThreadLocal<>();
    private volatile Generation generation;

    /** Refreshes running for one scrape, with the deadline they were given. */
    private record Refreshes(Generation generation, long deadline,
                             Map<Target, Future<Target.Status>> running) {
    }

    /**
     * @param targets        the targets, in configuration order
     * @param executor       runs the targets' refreshes in parallel
     * @param remainingNanos the time left for the scrape in progress on the calling thread;
     *                       {@link Long#MAX_VALUE} when unbounded
     * @param maxWaitNanos   the longest a scrape waits for a target when it has no deadline
     */
    SidecarCollector(List<Target> targets, ExecutorService executor,
                     LongSupplier remainingNanos, long maxWaitNanos) {
        this.executor = executor;
        this.remainingNanos = remainingNanos;
        use(targets, maxWaitNanos);
    }

    /**
     * Serves {@code targets} from the next scrape on (a reload); a scrape in progress finishes
     * with the targets it started with.
     *
     * @param maxWaitNanos the longest a scrape waits for a target when it has no deadline
     */
    void use(List<Target> targets, long maxWaitNanos) {
        Map<String, MetricConfig> metrics = new LinkedHashMap<>();
        for (Target target : targets) {
            for (TargetCollector collector : target.collectors()) {
                collector.config().metrics().forEach(m -> metrics.put(m.name(), m));
            }
        }
        generation = new Generation(List.copyOf(targets), metrics, maxWaitNanos);
    }

    @Override
    public MetricSnapshots collect() {
        return collect((PrometheusScrapeRequest) null);
    }

    @Override
    public MetricSnapshots collect(PrometheusScrapeRequest request) {
        String only = ProbeHandler.probedTarget(request);
        Refreshes refreshes = only == null ? started.get() : null;
        started.remove();
        if (refreshes == null) {
            refreshes = start(only);
        }
        Map<Target, Target.Status> statuses = new LinkedHashMap<>();
        long deadline = refreshes.deadline();
        refreshes.running().forEach((target, future) ->
                statuses.put(target, await(target, future, deadline)));
        return snapshots(refreshes.generation(), statuses, gaugeHistograms(request));
    }

    /**
     * Histograms of rows are snapshots, not cumulative counts: gauge histograms where the
     * format has them (OpenMetrics, protobuf), histograms in text 0.0.4.
     */
    private static boolean gaugeHistograms(PrometheusScrapeRequest request) {
        if (request instanceof PrometheusHttpRequest http) {
            String accept = http.getHeader("Accept");
            return accept != null && (accept.contains("application/openmetrics-text")
                    || accept.contains("application/vnd.google.protobuf"));
        }
        return false;
    }

    /** Starts refreshing every target, for the {@code /metrics} scrape starting on this thread. */
    @Override
    public void scrapeStarting() {
        try {
            started.set(start(null));
        } catch (RejectedExecutionException e) {
            started.remove(); // closing: collect() fails as it did without a head start
        }
    }

    /**
     * Forgets refreshes the scrape did not wait for (a failed scrape); like a refresh past the
     * deadline, they finish on their own.
     */
    @Override
    public void scrapeEnded() {
        started.remove();
    }

    /** Starts refreshing the targets ({@code only} that one when not null) on the executor. */
    private Refreshes start(String only) {
        Generation current = generation;
        long budget = Math.min(remainingNanos.getAsLong(), current.maxWaitNanos());
        long deadline = System.nanoTime() + budget;
        Map<Target, Future<Target.Status>> running = new LinkedHashMap<>();
        for (Target target : current.targets()) {
            if (only == null || only.equals(target.name())) {
                running.put(target, executor.submit(() -> target.refresh(deadline)));
            }
        }
        return new Refreshes(current, deadline, running);
    }

    private static Target.Status await(Target target, Future<Target.Status> future,
                                       long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Left running: the pool's connection timeout and the watchdog end it soon.
            target.timedOut();
            return Target.Status.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Target.Status.DOWN;
        } catch (ExecutionException e) {
            return Target.Status.DOWN;
        }
    }

    private MetricSnapshots snapshots(Generation generation, Map<Target, Target.Status> statuses,
                                      boolean gaugeHistograms) {
        List<GaugeDataPointSnapshot> up = new ArrayList<>();
        List<GaugeDataPointSnapshot> lastSuccess = new ArrayList<>();
        List<CounterDataPointSnapshot> probeFailures = new ArrayList<>();
        List<GaugeDataPointSnapshot> durations = new ArrayList<>();
        List<CounterDataPointSnapshot> errors = new ArrayList<>();
        List<GaugeDataPointSnapshot> collectorUp = new ArrayList<>();
        Map<String, List<Object>> points = new LinkedHashMap<>();
        statuses.forEach((target, status) -> {
            Labels targetLabels = Labels.of(TARGET_LABEL, target.name());
            up.add(gauge(targetLabels, status.up() ? 1 : 0));
            lastSuccess.add(gauge(targetLabels, target.health().lastSuccessSeconds()));
            target.health().failures().forEach((reason, count) -> probeFailures.add(
                    counter(Labels.of(REASON_LABEL, reason, TARGET_LABEL, target.name()), count)));
            for (TargetCollector collector : target.collectors()) {
                Labels labels = Labels.of(TARGET_LABEL, target.name(),
                        COLLECTOR_LABEL, collector.name());
                TargetCollector.Result result = status.results().get(collector.name());
                for (CollectorErrors.Kind kind : CollectorErrors.Kind.values()) {
                    errors.add(counter(labels.add(KIND_LABEL, kind.label()),
                            collector.errorCounts().count(kind)));
                }
                collectorUp.add(gauge(labels, result != null && result.up() ? 1 : 0));
                TargetCollector.Result last = collector.last();
                if (last.ran()) {
                    durations.add(gauge(labels, last.durationSeconds()));
                }
                if (result != null) {
                    result.samples().forEach((metric, samples) -> addPoints(points,
                            generation.metrics().get(metric), target.name(), samples));
                }
            }
        });
        List<MetricSnapshot> snapshots = new ArrayList<>();
        snapshots.add(new GaugeSnapshot(new MetricMetadata(UP,
                "1 when the last probe of the target succeeded, else 0"), up));
        snapshots.add(new GaugeSnapshot(new MetricMetadata(LAST_SUCCESS,
                "Unix time of the last successful probe of the target; 0 before the first",
                Unit.SECONDS), lastSuccess));
        if (!probeFailures.isEmpty()) {
            snapshots.add(new CounterSnapshot(new MetricMetadata(PROBE_FAILURES,
                    "Failed probes of the target by reason: the SQLState class, timeout or"
                            + " refused"), probeFailures));
        }
        if (!errors.isEmpty()) {
            snapshots.add(new GaugeSnapshot(new MetricMetadata(DURATION,
                    "Duration of the collector's last run on the target", Unit.SECONDS),
                    durations));
            snapshots.add(new CounterSnapshot(new MetricMetadata(ERRORS,
                    "Collector errors by kind: failed or timed-out queries, results that do"
                            + " not fit the metric, NULL values skipped"), errors));
            snapshots.add(new GaugeSnapshot(new MetricMetadata(COLLECTOR_UP,
                    "1 when every query of the collector's last run succeeded, else 0"),
                    collectorUp));
        }
        points.forEach((name, list) -> snapshots.add(
                snapshot(generation.metrics().get(name), list, gaugeHistograms)));
        return new MetricSnapshots(snapshots);
    }

    private static void addPoints(Map<String, List<Object>> points, MetricConfig metric,
                                  String target, List<Sample> samples) {
        List<Object> list = points.computeIfAbsent(metric.name(), n -> new ArrayList<>());
        for (Sample sample : samples) {
            Labels labels = sample.labels().add(TARGET_LABEL, target);
            if (sample instanceof Sample.Histogram histogram) {
                list.add(histogram(metric, labels, histogram));
            } else if (sample instanceof Sample.Value value) {
                list.add(metric.type() == MetricType.COUNTER
                        ? withTimestamp(CounterDataPointSnapshot.builder().labels(labels)
                                .value(value.value()), value.timestampMillis()).build()
                        : withTimestamp(GaugeDataPointSnapshot.builder().labels(labels)
                                .value(value.value()), value.timestampMillis()).build());
            }
        }
    }

    private static <B extends DataPointSnapshot.Builder<B>> B withTimestamp(B builder,
                                                                           long millis) {
        return millis == 0 ? builder : builder.scrapeTimestampMillis(millis);
    }

    private static HistogramDataPointSnapshot histogram(MetricConfig metric, Labels labels,
                                                        Sample.Histogram histogram) {
        double[] bounds = new double[metric.buckets().size() + 1];
        for (int i = 0; i < metric.buckets().size(); i++) {
            bounds[i] = metric.buckets().get(i);
        }
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder().labels(labels).sum(histogram.sum())
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, histogram.counts()))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static MetricSnapshot snapshot(MetricConfig metric, List<Object> points,
                                           boolean gaugeHistograms) {
        MetricMetadata metadata = new MetricMetadata(metric.name(), metric.help());
        List<?> p = points;
        return switch (metric.type()) {
            case COUNTER -> new CounterSnapshot(metadata, (List<CounterDataPointSnapshot>) p);
            case GAUGE -> new GaugeSnapshot(metadata, (List<GaugeDataPointSnapshot>) p);
            case HISTOGRAM -> new HistogramSnapshot(gaugeHistograms, metadata,
                    (List<HistogramDataPointSnapshot>) p);
        };
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterDataPointSnapshot counter(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
