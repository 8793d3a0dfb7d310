package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Creates one datasource's meters and publishes them to its registry, and remembers them, so that
 * closing the datasource's metrics removes exactly its own meters and no other datasource's.
 *
 * <p>What the query path records into is ours: {@link LongAdder} counters and {@link Histogram}s,
 * which cost a few nanoseconds and never call the registry. Counters and gauges reach the registry
 * as function meters, read at scrape time; histograms go through {@link HistogramPublisher}. Every
 * meter is registered through the registry, so its filters apply, under the names
 * {@link MetricNames} gives for the configured {@link Naming}.
 */
final class Meters {

    private final MeterRegistry registry;
    private final RecordingGuard guard;
    private final MetricNames names;
    private final HistogramPublisher histograms;
    private final Tags datasourceTags;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    /** Counters by what they are published as: two of ours published as one share their count. */
    private final Map<List<MetricNames.Target>, LongAdder> countersByTarget = new ConcurrentHashMap<>();

    Meters(MeterRegistry registry, String datasource, RecordingGuard guard, MetricNames names) {
        this.registry = registry;
        this.guard = guard;
        this.names = names;
        this.histograms = new HistogramPublisher(registry, guard);
        this.datasourceTags = Tags.of(MeterNames.TAG_DATASOURCE, datasource);
    }

    private Meters(Meters datasource) {
        this.registry = datasource.registry;
        this.guard = datasource.guard;
        this.names = datasource.names;
        this.histograms = new HistogramPublisher(registry, guard);
        this.datasourceTags = datasource.datasourceTags;
    }

    /**
     * A group of this datasource's meters that is removed on its own, before the datasource closes
     * (one statement's series in statement mode): the group's {@link #removeAll()} removes only them.
     */
    Meters group() {
        return new Meters(this);
    }

    MeterRegistry registry() {
        return registry;
    }

    RecordingGuard guard() {
        return guard;
    }

    Naming naming() {
        return names.naming();
    }

    Tags tags(String... keyValues) {
        return datasourceTags.and(keyValues);
    }

    /**
     * A counter published as a {@link FunctionCounter}. If the registry or one of its filters
     * throws, the counter still counts, unseen, and the failure goes to the guard: every
     * registration below is contained the same way.
     */
    LongAdder counter(String name, String description, Tags tags) {
        List<MetricNames.Target> targets = names.targets(name, tags);
        if (targets.isEmpty()) {
            return new LongAdder();
        }
        return countersByTarget.computeIfAbsent(targets, t -> {
            LongAdder adder = new LongAdder();
            register(t, description, adder, LongAdder::sum);
            return adder;
        });
    }

    /**
     * A counter read from {@code source} at scrape time, for counts the hot path already keeps
     * elsewhere (a histogram's count or sum): one atomic add less per query.
     */
    <T> void counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> count) {
        register(names.targets(name, tags), description, source, count);
    }

    private <T> void register(List<MetricNames.Target> targets, String description, T source,
            ToDoubleFunction<T> count) {
        // Every counter read is also the moment to look for registries added to a composite since.
        ToDoubleFunction<T> read = s -> {
            histograms.adoptLateChildren();
            return count.applyAsDouble(s);
        };
        for (MetricNames.Target target : targets) {
            try {
                track(FunctionCounter.builder(target.name(), source, read).description(description)
                        .tags(target.tags()).baseUnit(target.baseUnit()).register(registry));
            } catch (RuntimeException e) {
                guard.failed("registration", e);
            }
        }
    }

    /** A gauge of {@code source}, held strongly: a gauge holds its object weakly otherwise. */
    <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        for (MetricNames.Target target : names.targets(name, tags)) {
            try {
                track(Gauge.builder(target.name(), source, value).description(description)
                        .tags(target.tags()).baseUnit(target.baseUnit()).strongReference(true)
                        .register(registry));
            } catch (RuntimeException e) {
                guard.failed("registration", e);
            }
        }
    }

    /**
     * A histogram with the given bucket bounds (in seconds or rows), published to every registry
     * behind {@link #registry()} in the form each can show (see {@link HistogramPublisher}).
     */
    Histogram histogram(String name, String description, HistogramUnit unit, double[] bounds, Tags tags) {
        return histogram(name, description, unit, bounds, tags, new Histogram(unit.recordedBounds(bounds)));
    }

    /**
     * A duration histogram (in seconds) of the query path: with native buckets kept alongside the
     * classic ones when {@code nativeBuckets}, and exemplars of the current OpenTelemetry span
     * when its API is on the class path.
     */
    Histogram durationHistogram(String name, String description, double[] bounds, Tags tags, boolean nativeBuckets) {
        return histogram(name, description, HistogramUnit.SECONDS, bounds, tags,
                newDurationHistogram(bounds, nativeBuckets));
    }

    /** A duration histogram as {@link #durationHistogram} makes, not published (yet). */
    static Histogram newDurationHistogram(double[] bounds, boolean nativeBuckets) {
        return new Histogram(HistogramUnit.SECONDS.recordedBounds(bounds),
                nativeBuckets ? new NativeBuckets(HistogramUnit.SECONDS.scale) : null, true);
    }

    /** Publishes {@code histogram}, which records with {@code bounds}, as {@link #histogram} does. */
    Histogram histogram(String name, String description, HistogramUnit unit, double[] bounds, Tags tags,
            Histogram histogram) {
        for (MetricNames.Target target : names.targets(name, tags)) {
            histograms.publish(new HistogramSpec(target.name(), description, unit, target.baseUnit(), bounds,
                    target.tags()), histogram);
        }
        return histogram;
    }

    <M extends Meter> M track(M meter) {
        registered.add(meter);
        return meter;
    }

    void removeAll() {
        for (Meter meter : registered) {
            registry.remove(meter);
        }
        registered.clear();
        countersByTarget.clear();
        histograms.removeAll();
    }
}
