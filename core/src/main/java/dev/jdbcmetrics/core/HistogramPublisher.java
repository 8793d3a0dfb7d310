package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.noop.NoopMeter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes one datasource's histograms to every registry behind its registry, each in the form
 * that registry can show, with the registry's filters applied: the one class that decides where a
 * histogram goes.
 *
 * <ul>
 *   <li>A {@code PrometheusMeterRegistry}: the fast path, {@link PrometheusHistograms} (real
 *       buckets read from our histogram at scrape time, under the id the filters give).</li>
 *   <li>Any other registry: {@link MicrometerHistograms} (a Micrometer timer or distribution summary
 *       with our buckets, recorded on the query path).</li>
 *   <li>A {@code CompositeMeterRegistry}: its own filters first (learnt from the anchor meter
 *       registered in it), then each child in its own form. A Micrometer timer registered in the
 *       composite would give every child a Micrometer timer, and a Prometheus child would lose the
 *       fast path.</li>
 * </ul>
 *
 * <p>Children added to a composite later are found at scrape time: every function counter of the
 * datasource calls {@link #adoptLateChildren()} before it reads its count, which is one pass over
 * each composite's children (a handful) per counter and scrape. A late Prometheus child shows the
 * histograms counted since the start, as it shows the counters (both read our own counts); a late
 * child of any other kind counts its timers from the moment it was found (a Micrometer meter cannot
 * be given past observations), so there, counters and histogram counts differ by what came before.
 */
final class HistogramPublisher {

    private static final boolean PROMETHEUS_PRESENT = isPrometheusPresent();

    private final MeterRegistry root;
    private final RecordingGuard guard;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Runnable> removals = new CopyOnWriteArrayList<>();
    /** Every composite reached, with the children published to so far. */
    private final Map<CompositeMeterRegistry, Set<MeterRegistry>> composites = new ConcurrentHashMap<>();

    /** One histogram, and how each composite it went through mapped it (absent: denied there). */
    private record Entry(HistogramSpec spec, Histogram histogram, Map<MeterRegistry, HistogramSpec> mappedIn) {
    }

    HistogramPublisher(MeterRegistry root, RecordingGuard guard) {
        this.root = root;
        this.guard = guard;
    }

    /** Publishes {@code histogram} as {@code spec} everywhere it can be; recording into it never fails. */
    synchronized void publish(HistogramSpec spec, Histogram histogram) {
        Entry entry = new Entry(spec, histogram, new IdentityHashMap<>());
        entries.add(entry);
        publish(root, entry, spec, false);
    }

    /** Publishes every histogram to the children composites have gained since; called at scrape time. */
    void adoptLateChildren() {
        if (composites.isEmpty()) {
            return;
        }
        for (Map.Entry<CompositeMeterRegistry, Set<MeterRegistry>> composite : composites.entrySet()) {
            for (MeterRegistry child : composite.getKey().getRegistries()) {
                if (!composite.getValue().contains(child)) {
                    adopt(composite.getKey(), child);
                }
            }
        }
    }

    /** Removes every histogram from every registry it was published to. */
    synchronized void removeAll() {
        for (Runnable removal : removals) {
            try {
                removal.run();
            } catch (RuntimeException e) {
                guard.failed("registration", e);
            }
        }
        removals.clear();
        entries.clear();
        composites.clear();
    }

    private synchronized void adopt(CompositeMeterRegistry composite, MeterRegistry child) {
        Set<MeterRegistry> known = composites.get(composite);
        if (known == null || !known.add(child)) {
            return; // closed meanwhile, or adopted by another scrape
        }
        for (Entry entry : entries) {
            HistogramSpec mapped = entry.mappedIn.get(composite);
            if (mapped != null) {
                publish(child, entry, mapped, true);
            }
        }
    }

    private void publish(MeterRegistry registry, Entry entry, HistogramSpec spec, boolean viaComposite) {
        try {
            if (registry instanceof CompositeMeterRegistry composite) {
                publishToComposite(composite, entry, spec);
                return;
            }
            Runnable removal = PROMETHEUS_PRESENT && PrometheusHistograms.isPrometheus(registry)
                    ? PrometheusHistograms.add(registry, spec, entry.histogram)
                    : MicrometerHistograms.add(registry, spec, entry.histogram, viaComposite);
            if (removal != null) {
                removals.add(removal);
            }
        } catch (RuntimeException e) {
            guard.failed("registration", e);
        }
    }

    private void publishToComposite(CompositeMeterRegistry composite, Entry entry, HistogramSpec spec) {
        Set<MeterRegistry> known = composites.computeIfAbsent(composite, c -> {
            Set<MeterRegistry> children = ConcurrentHashMap.newKeySet();
            children.addAll(c.getRegistries());
            return children;
        });
        // The composite's own filters, learnt from an anchor registered in it. It stays: Micrometer
        // hands it to every child, present and later, where it is the anchor a Prometheus child
        // needs and makes way for the timer of any other child (MicrometerHistograms).
        Meter anchor = spec.anchor().register(composite);
        if (anchor instanceof NoopMeter) {
            return;
        }
        removals.add(() -> composite.remove(anchor));
        HistogramSpec mapped = spec.mappedTo(anchor.getId());
        entry.mappedIn.put(composite, mapped);
        for (MeterRegistry child : known) {
            publish(child, entry, mapped, true);
        }
    }

    private static boolean isPrometheusPresent() {
        try {
            Class.forName("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", false,
                    HistogramPublisher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
