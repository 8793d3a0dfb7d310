package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registers one datasource's meters and remembers them, so that closing the datasource's metrics
 * removes exactly its own meters and no other datasource's.
 */
final class Meters {

    private final MeterRegistry registry;
    private final Tags datasourceTags;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    Meters(MeterRegistry registry, String datasource) {
        this.registry = registry;
        this.datasourceTags = Tags.of(MeterNames.TAG_DATASOURCE, datasource);
    }

    MeterRegistry registry() {
        return registry;
    }

    Tags tags(String... keyValues) {
        return datasourceTags.and(keyValues);
    }

    Counter counter(String name, String description, Tags tags) {
        return track(Counter.builder(name).description(description).tags(tags).register(registry));
    }

    Timer histogram(String name, String description, double[] bucketSeconds, Tags tags) {
        return track(Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(Buckets.durations(bucketSeconds))
                .register(registry));
    }

    Timer timer(String name, String description, Tags tags) {
        return track(Timer.builder(name).description(description).tags(tags).register(registry));
    }

    DistributionSummary summary(String name, String description, String baseUnit, double[] buckets, Tags tags) {
        return track(DistributionSummary.builder(name).description(description).baseUnit(baseUnit)
                .serviceLevelObjectives(buckets).tags(tags).register(registry));
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
    }
}
