package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Creates one datasource's meters and publishes them to its registry, and remembers them, so that
 * closing the datasource's metrics removes exactly its own meters and no other datasource's.
 *
 * <p>What the query path records into is ours: {@link LongAdder} counters and {@link Histogram}s,
 * which cost a few nanoseconds and never call the registry. The registry sees them only at
 * scrape time: counters as {@link FunctionCounter}s (every registry), histograms as Prometheus
 * histograms in a {@code PrometheusMeterRegistry} and as {@link FunctionTimer}s (count and total)
 * in any other registry.
 */
final class Meters {

    private static final boolean PROMETHEUS_PRESENT = isPrometheusPresent();

    private final MeterRegistry registry;
    private final RecordingGuard guard;
    private final Tags datasourceTags;
    /** The datasource's meters when these are a group of them (one statement's series), else null. */
    private final Meters parent;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final List<Runnable> unpublished = new CopyOnWriteArrayList<>();
    /** Tags that the registry's filters add to every meter (common tags), applied to histograms too. */
    private volatile Tags commonTags = Tags.empty();

    Meters(MeterRegistry registry, String datasource, RecordingGuard guard) {
        this.registry = registry;
        this.guard = guard;
        this.datasourceTags = Tags.of(MeterNames.TAG_DATASOURCE, datasource);
        this.parent = null;
    }

    private Meters(Meters parent) {
        this.registry = parent.registry;
        this.guard = parent.guard;
        this.datasourceTags = parent.datasourceTags;
        this.parent = parent;
    }

    /**
     * A group of this datasource's meters that is removed on its own, before the datasource closes
     * (one statement's series in statement mode); the group's {@link #removeAll()} removes only them.
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

    Tags tags(String... keyValues) {
        return datasourceTags.and(keyValues);
    }

    /**
     * A counter published as a {@link FunctionCounter}. If the registry or one of its filters
     * throws, the counter still counts, unseen, and the failure goes to the guard: every
     * registration below is contained the same way.
     */
    LongAdder counter(String name, String description, Tags tags) {
        LongAdder adder = new LongAdder();
        counter(name, description, tags, adder, LongAdder::sum);
        return adder;
    }

    /**
     * A counter read from {@code source} at scrape time, for counts the hot path already keeps
     * elsewhere (a histogram's count or sum): one atomic add less per query.
     */
    <T> void counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> count) {
        try {
            track(FunctionCounter.builder(name, source, count).description(description).tags(tags)
                    .register(registry));
        } catch (RuntimeException e) {
            guard.failed("registration", e);
        }
    }

    /**
     * A histogram with the given bucket bounds (in seconds or rows), published to every Prometheus
     * registry behind {@link #registry()}, and as a count-and-total timer to the others.
     */
    Histogram histogram(String name, String description, HistogramUnit unit, double[] bounds, Tags tags) {
        Histogram histogram = new Histogram(unit.recordedBounds(bounds));
        try {
            publish(registry, name, description, unit, tags.and(commonTags()), histogram);
        } catch (RuntimeException e) {
            guard.failed("registration", e);
        }
        return histogram;
    }

    /**
     * Learns the tags that the registry's filters add, from the id a registered meter ended up
     * with; called once, with the first meter registered.
     */
    void learnCommonTags(Meter.Id registeredId, Tags requested) {
        Tags added = Tags.empty();
        for (Tag tag : registeredId.getTagsAsIterable()) {
            if (!containsKey(requested, tag.getKey())) {
                added = added.and(tag);
            }
        }
        commonTags = added;
    }

    private Tags commonTags() {
        return parent == null ? commonTags : parent.commonTags();
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
        for (Runnable unpublish : unpublished) {
            unpublish.run();
        }
        unpublished.clear();
    }

    private void publish(MeterRegistry target, String name, String description, HistogramUnit unit, Tags tags,
            Histogram histogram) {
        if (target instanceof CompositeMeterRegistry composite) {
            // Each child gets the form it can show; the composite itself would hand a
            // count-and-total timer to Prometheus children too, clashing with the histogram.
            for (MeterRegistry child : composite.getRegistries()) {
                publish(child, name, description, unit, tags, histogram);
            }
        } else if (PROMETHEUS_PRESENT && PrometheusHistograms.isPrometheus(target)) {
            unpublished.add(PrometheusHistograms.add((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) target,
                    name, description, unit, tags, histogram));
        } else if (unit == HistogramUnit.SECONDS) {
            FunctionTimer timer = FunctionTimer.builder(name, histogram, Histogram::count, Histogram::sum,
                    TimeUnit.NANOSECONDS).description(description).tags(tags).register(target);
            unpublished.add(() -> target.remove(timer));
        }
    }

    private static boolean containsKey(Tags tags, String key) {
        for (Tag tag : tags) {
            if (tag.getKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrometheusPresent() {
        try {
            Class.forName("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", false, Meters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
