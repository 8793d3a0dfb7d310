package dev.jdbcmetrics.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram on the query path: recording is one bucket search over a handful of
 * {@code long} bounds and two {@link LongAdder} increments, so it neither allocates nor contends
 * between threads. It is read only at scrape time.
 *
 * <p>Written here rather than taken from Micrometer because a Micrometer {@code Timer} with
 * buckets also keeps a time-windowed max and an atomic bucket array, which cost several times
 * more per record and contend under load (see {@code docs/benchmarks.md}).
 */
final class Histogram {

    private final long[] bounds;
    private final LongAdder[] buckets;
    private final LongAdder sum = new LongAdder();
    /**
     * The Micrometer meters of registries that cannot read this histogram at scrape time (all but
     * Prometheus'), recorded into as well; {@link Mirror#NONE} on the Prometheus-only fast path.
     */
    private volatile Mirror mirror = Mirror.NONE;
    /** The native histogram's buckets, kept alongside the classic ones; null when native histograms are off. */
    private final NativeBuckets natives;
    /** Exemplars of the current OpenTelemetry span, for durations; null without the OpenTelemetry API. */
    private final ExemplarSampler exemplars;

    /** @param bounds the inclusive upper bounds, ascending, in the unit values are recorded in */
    Histogram(long[] bounds) {
        this(bounds, null, false);
    }

    /**
     * @param natives   native buckets to keep as well, or null
     * @param exemplars whether to keep exemplars of the current span (when the OpenTelemetry API is present)
     */
    Histogram(long[] bounds, NativeBuckets natives, boolean exemplars) {
        this.natives = natives;
        this.exemplars = exemplars ? ExemplarSampler.create(bounds.length + 1) : null;
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(value);
        if (natives != null) {
            natives.record(value);
        }
        if (exemplars != null) {
            exemplars.sample(i, value);
        }
        mirror.record(value);
    }

    /** The native buckets, or null. */
    NativeBuckets natives() {
        return natives;
    }

    /** The exemplar sampler, or null. */
    ExemplarSampler exemplars() {
        return exemplars;
    }

    /** Also records every later value into {@code added}. */
    synchronized void addMirror(Mirror added) {
        mirror = Mirror.both(mirror, added);
    }

    /** Stops recording into {@code removed}. */
    synchronized void removeMirror(Mirror removed) {
        mirror = Mirror.without(mirror, removed);
    }

    long[] bounds() {
        return bounds.clone();
    }

    /** The count of each bucket (not cumulative), the last one being above every bound. */
    long[] bucketCounts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return counts;
    }

    long count() {
        long count = 0;
        for (LongAdder bucket : buckets) {
            count += bucket.sum();
        }
        return count;
    }

    long sum() {
        return sum.sum();
    }
}
