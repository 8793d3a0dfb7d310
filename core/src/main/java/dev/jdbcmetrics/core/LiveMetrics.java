package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The live {@link DataSourceMetrics} of each registry by datasource name, with a count of users.
 *
 * <p>Needed because the query path records into our own counters, which the registry reads through
 * function meters: a second set of counters under an id the registry already has would be
 * registered to the first set and its counts never seen. Sharing one set per name avoids that.
 */
final class LiveMetrics {

    private static final Map<MeterRegistry, Map<String, Entry>> byRegistry = new WeakHashMap<>();

    private static final class Entry {
        final DataSourceMetrics metrics;
        int users;

        Entry(DataSourceMetrics metrics) {
            this.metrics = metrics;
        }
    }

    private LiveMetrics() {
    }

    static synchronized DataSourceMetrics acquire(MeterRegistry registry, String name,
            Supplier<DataSourceMetrics> create) {
        Map<String, Entry> byName = byRegistry.computeIfAbsent(registry, r -> new HashMap<>());
        Entry entry = byName.get(name);
        if (entry == null) {
            entry = new Entry(create.get());
            byName.put(name, entry);
        }
        entry.users++;
        return entry.metrics;
    }

    static synchronized List<DataSourceMetrics> servedBy(MeterRegistry registry) {
        List<DataSourceMetrics> live = new ArrayList<>();
        for (Map.Entry<MeterRegistry, Map<String, Entry>> byName : byRegistry.entrySet()) {
            if (contains(byName.getKey(), registry)) {
                for (Entry entry : byName.getValue().values()) {
                    live.add(entry.metrics);
                }
            }
        }
        live.sort(Comparator.comparing(DataSourceMetrics::name));
        return live;
    }

    private static boolean contains(MeterRegistry recordingInto, MeterRegistry served) {
        if (recordingInto == served) {
            return true;
        }
        if (recordingInto instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry child : composite.getRegistries()) {
                if (contains(child, served)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The live metrics of datasource {@code name} in {@code registry}, or null. */
    static synchronized DataSourceMetrics find(MeterRegistry registry, String name) {
        Map<String, Entry> byName = byRegistry.get(registry);
        Entry entry = byName == null ? null : byName.get(name);
        return entry == null ? null : entry.metrics;
    }

    /** @return true when {@code metrics} had no other user left, so its meters should go */
    static synchronized boolean release(MeterRegistry registry, DataSourceMetrics metrics) {
        Map<String, Entry> byName = byRegistry.get(registry);
        Entry entry = byName == null ? null : byName.get(metrics.name());
        if (entry == null || entry.metrics != metrics) {
            return false; // closed already
        }
        if (--entry.users > 0) {
            return false;
        }
        byName.remove(metrics.name());
        return true;
    }
}
