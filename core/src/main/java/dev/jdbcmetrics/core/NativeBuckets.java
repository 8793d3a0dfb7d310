package dev.jdbcmetrics.core;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exponential buckets of a Prometheus native histogram, kept next to a {@link Histogram}'s
 * classic ones when native histograms are on: schema {@value #SCHEMA}, that is 8 buckets per power
 * of two, each bound about 9 % above the one below (bucket {@code i} holds values in
 * {@code (2^((i-1)/8), 2^(i/8)]} of the exposed unit), and a zero bucket for values of 0.
 *
 * <p>Recording finds the bucket from the value's binary exponent and a search over 8 fixed
 * bounds, then increments a striped counter: no allocation (each bucket's counter is created the
 * first time a value lands in it, once), no lock, no contention. The range, 2^-40 to 2^24 seconds
 * (about a picosecond to 194 days), covers any duration; values beyond it count in its edge buckets.
 */
final class NativeBuckets {

    static final int SCHEMA = 3;
    /**
     * The zero bucket's bound, 2^-128 as client_java's: only a recorded 0 is below it. It must not
     * be 0: Prometheus 2.4x tells a native histogram from a classic one by a positive zero threshold
     * (or non-empty buckets) of the family's first series, which may have no observations yet.
     */
    static final double ZERO_THRESHOLD = Math.pow(2, -128);
    private static final int PER_OCTAVE = 1 << SCHEMA;
    private static final int MIN_EXPONENT = -40;
    private static final int MAX_EXPONENT = 24;
    private static final int MIN_INDEX = MIN_EXPONENT * PER_OCTAVE;
    private static final int MAX_INDEX = MAX_EXPONENT * PER_OCTAVE;
    /** 2^(k/8) for k = 0..8: the bucket bounds within one power of two. */
    private static final double[] OCTAVE_BOUNDS = new double[PER_OCTAVE + 1];

    static {
        for (int k = 0; k <= PER_OCTAVE; k++) {
            OCTAVE_BOUNDS[k] = Math.pow(2, (double) k / PER_OCTAVE);
        }
    }

    private final double scale;
    private final AtomicReferenceArray<LongAdder> counts = new AtomicReferenceArray<>(MAX_INDEX - MIN_INDEX + 1);
    private final LongAdder zero = new LongAdder();

    /** @param scale what one recorded unit is in the exposed unit (1e-9 for nanoseconds exposed as seconds) */
    NativeBuckets(double scale) {
        this.scale = scale;
    }

    void record(long value) {
        if (value <= 0) {
            zero.increment();
            return;
        }
        int slot = Math.min(Math.max(index(value * scale), MIN_INDEX), MAX_INDEX) - MIN_INDEX;
        LongAdder count = counts.get(slot);
        if (count == null) {
            count = firstIn(slot);
        }
        count.increment();
    }

    /** The index of the bucket holding {@code value} (positive, in the exposed unit). */
    static int index(double value) {
        int exponent = Math.getExponent(value);
        double fraction = Math.scalb(value, -exponent); // in [1, 2)
        int k = 0;
        while (fraction > OCTAVE_BOUNDS[k]) {
            k++;
        }
        return exponent * PER_OCTAVE + k;
    }

    long zeroCount() {
        return zero.sum();
    }

    /** The non-empty buckets: their indexes in {@code indexes[0]}, counts in the returned array. */
    long[] snapshot(int[][] indexes) {
        int n = 0;
        for (int slot = 0; slot < counts.length(); slot++) {
            LongAdder count = counts.get(slot);
            if (count != null && count.sum() > 0) {
                n++;
            }
        }
        int[] at = new int[n];
        long[] values = new long[n];
        int i = 0;
        for (int slot = 0; slot < counts.length() && i < n; slot++) {
            LongAdder count = counts.get(slot);
            long sum = count == null ? 0 : count.sum();
            if (sum > 0) {
                at[i] = slot + MIN_INDEX;
                values[i++] = sum;
            }
        }
        indexes[0] = i == n ? at : java.util.Arrays.copyOf(at, i);
        return i == n ? values : java.util.Arrays.copyOf(values, i);
    }

    private synchronized LongAdder firstIn(int slot) {
        LongAdder count = counts.get(slot);
        if (count == null) {
            count = new LongAdder();
            counts.set(slot, count);
        }
        return count;
    }
}
