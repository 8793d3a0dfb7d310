package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.exporter.ScrapeListener;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
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
    static final String TARGET_LABEL = "target";
    static final String COLLECTOR_LABEL = "collector";

    private final List<Target> targets;
    private final Map<String, MetricConfig> metrics = new LinkedHashMap<>();
    private final ExecutorService executor;
    private final LongSupplier remainingNanos;
    private final long maxWaitNanos;
    private final ThreadLocal<Refreshes> started = new ThreadLocal<>();

    /** Refreshes running for one scrape, with the deadline they were given. */
    private record Refreshes(long deadline, Map<Target, Future<Target.Status>> running) {
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
        this.targets = List.copyOf(targets);
        this.executor = executor;
        this.remainingNanos = remainingNanos;
        this.maxWaitNanos = maxWaitNanos;
        for (Target target : targets) {
            for (TargetCollector collector : target.collectors()) {
                collector.config().metrics().forEach(m -> metrics.put(m.name(), m));
            }
        }
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
        refreshes.running().forEach((target, future) -> statuses.put(target, await(future, deadline)));
        return snapshots(statuses);
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
        long budget = Math.min(remainingNanos.getAsLong(), maxWaitNanos);
        long deadline = System.nanoTime() + budget;
        Map<Target, Future<Target.Status>> running = new LinkedHashMap<>();
        for (Target target : targets) {
            if (only == null || only.equals(target.name())) {
                running.put(target, executor.submit(() -> target.refresh(deadline)));
            }
        }
        return new Refreshes(deadline, running);
    }

    private static Target.Status await(Future<Target.Status> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Left running: the pool's connection timeout and the watchdog end it soon.
            return Target.Status.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Target.Status.DOWN;
        } catch (ExecutionException e) {
            return Target.Status.DOWN;
        }
    }

    private MetricSnapshots snapshots(Map<Target, Target.Status> statuses) {
        List<GaugeDataPointSnapshot> up = new ArrayList<>();
        List<GaugeDataPointSnapshot> durations = new ArrayList<>();
        List<CounterDataPointSnapshot> errors = new ArrayList<>();
        List<GaugeDataPointSnapshot> collectorUp = new ArrayList<>();
        Map<String, List<Object>> points = new LinkedHashMap<>();
        statuses.forEach((target, status) -> {
            up.add(gauge(Labels.of(TARGET_LABEL, target.name()), status.up() ? 1 : 0));
            for (TargetCollector collector : target.collectors()) {
                Labels labels = Labels.of(TARGET_LABEL, target.name(),
                        COLLECTOR_LABEL, collector.name());
                TargetCollector.Result result = status.results().get(collector.name());
                errors.add(CounterDataPointSnapshot.builder().labels(labels)
                        .value(collector.errors()).build());
                collectorUp.add(gauge(labels, result != null && result.up() ? 1 : 0));
                TargetCollector.Result last = collector.last();
                if (last.ran()) {
                    durations.add(gauge(labels, last.durationSeconds()));
                }
                if (result != null) {
                    result.samples().forEach((metric, samples) -> addPoints(points,
                            metrics.get(metric), target.name(), samples));
                }
            }
        });
        List<MetricSnapshot> snapshots = new ArrayList<>();
        snapshots.add(new GaugeSnapshot(new MetricMetadata(UP,
                "1 when the last probe of the target succeeded, else 0"), up));
        if (!errors.isEmpty()) {
            snapshots.add(new GaugeSnapshot(new MetricMetadata(DURATION,
                    "Duration of the collector's last run on the target", Unit.SECONDS),
                    durations));
            snapshots.add(new CounterSnapshot(new MetricMetadata(ERRORS,
                    "Collector queries that failed or timed out"), errors));
            snapshots.add(new GaugeSnapshot(new MetricMetadata(COLLECTOR_UP,
                    "1 when every query of the collector's last run succeeded, else 0"),
                    collectorUp));
        }
        points.forEach((name, list) -> snapshots.add(snapshot(metrics.get(name), list)));
        return new MetricSnapshots(snapshots);
    }

    private static void addPoints(Map<String, List<Object>> points, MetricConfig metric,
                                  String target, List<Sample> samples) {
        List<Object> list = points.computeIfAbsent(metric.name(), n -> new ArrayList<>());
        List<String> names = new ArrayList<>(metric.labels());
        names.add(TARGET_LABEL);
        for (Sample sample : samples) {
            List<String> values = new ArrayList<>(sample.labelValues());
            values.add(target);
            Labels labels = Labels.of(names, values);
            list.add(metric.type() == MetricType.COUNTER
                    ? CounterDataPointSnapshot.builder().labels(labels).value(sample.value())
                            .build()
                    : gauge(labels, sample.value()));
        }
    }

    @SuppressWarnings("unchecked")
    private static MetricSnapshot snapshot(MetricConfig metric, List<Object> points) {
        MetricMetadata metadata = new MetricMetadata(metric.name(), metric.help());
        return metric.type() == MetricType.COUNTER
                ? new CounterSnapshot(metadata, (List<CounterDataPointSnapshot>) (List<?>) points)
                : new GaugeSnapshot(metadata, (List<GaugeDataPointSnapshot>) (List<?>) points);
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
