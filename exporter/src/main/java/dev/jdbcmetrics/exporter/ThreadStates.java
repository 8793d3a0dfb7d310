package dev.jdbcmetrics.exporter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The six {@code jvm.threads.states} gauges of Micrometer's {@code JvmThreadMetrics} from one
 * thread snapshot per scrape instead of one per gauge.
 *
 * <p>Micrometer's gauge for each state calls {@code ThreadMXBean.getThreadInfo} on every thread
 * (a VM operation at a safepoint) and counts one state: six of them per scrape. Here the six
 * gauges, with the same ids (name, {@code state} tag, description, unit), share a snapshot.
 * A gauge takes a new snapshot when its state was already served from the current one (the
 * next scrape) or when the snapshot is older than {@value #MAX_AGE_MILLIS} ms, so a scrape
 * shows the states of one moment within that scrape, and they add up to the thread count.
 */
final class ThreadStates {

    static final String NAME = "jvm.threads.states";
    static final long MAX_AGE_MILLIS = 10;
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS);
    private static final Thread.State[] STATES = Thread.State.values();

    private final ThreadMXBean threads;
    private final long maxAgeNanos;
    private final long[] counts = new long[STATES.length];
    private int served; // bit per state served from the current snapshot
    private long takenAt;

    ThreadStates(ThreadMXBean threads, long maxAgeNanos) {
        this.threads = threads;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * Replaces the {@code jvm.threads.states} gauges in {@code registry} with gauges of the
     * same ids sharing one snapshot. Gauges whose {@code state} tag is not a thread state
     * are left alone.
     */
    static void shareSnapshots(MeterRegistry registry) {
        ThreadStates states = new ThreadStates(ManagementFactory.getThreadMXBean(), MAX_AGE_NANOS);
        for (Gauge gauge : registry.find(NAME).gauges()) {
            Meter.Id id = gauge.getId();
            Thread.State state = stateOf(id.getTag("state"));
            if (state == null) {
                continue;
            }
            registry.remove(gauge);
            Gauge.builder(id.getName(), states, s -> s.count(state))
                    .strongReference(true) // only the gauges hold the shared snapshot
                    .tags(id.getTags())
                    .description(id.getDescription())
                    .baseUnit(id.getBaseUnit())
                    .register(registry);
        }
    }

    /** Micrometer's tag value is the state's name in lower case with '-' for '_'. */
    static Thread.State stateOf(String tag) {
        for (Thread.State state : STATES) {
            if (state.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(tag)) {
                return state;
            }
        }
        return null;
    }

    synchronized double count(Thread.State state) {
        int bit = 1 << state.ordinal();
        if ((served & bit) != 0 || served == 0 || System.nanoTime() - takenAt > maxAgeNanos) {
            snapshot();
            takenAt = System.nanoTime();
            served = 0;
        }
        served |= bit;
        return counts[state.ordinal()];
    }

    private void snapshot() {
        Arrays.fill(counts, 0);
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                counts[info.getThreadState().ordinal()]++;
            }
        }
    }
}
