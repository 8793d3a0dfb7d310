package dev.jdbcmetrics.core;

import java.util.Arrays;

/**
 * Where a {@link Histogram} also records its values: the Micrometer {@code Timer}s and
 * {@code DistributionSummary}s of the registries that cannot read our histograms themselves
 * (every registry but Prometheus'). Immutable; a histogram swaps in a new one when a registry
 * joins or leaves.
 */
interface Mirror {

    /** Records nothing: the Prometheus fast path, where the JIT can drop the call. */
    Mirror NONE = value -> {
    };

    /** Records one value, in the histogram's unit (nanoseconds or rows). */
    void record(long value);

    /** Records into both. */
    static Mirror both(Mirror first, Mirror second) {
        if (first == NONE) {
            return second;
        }
        Mirror[] all = first instanceof Many many ? Arrays.copyOf(many.mirrors, many.mirrors.length + 1)
                : new Mirror[] {first, null};
        all[all.length - 1] = second;
        return new Many(all);
    }

    /** {@code from} without {@code removed}. */
    static Mirror without(Mirror from, Mirror removed) {
        if (from == removed) {
            return NONE;
        }
        if (!(from instanceof Many many)) {
            return from;
        }
        Mirror[] kept = Arrays.stream(many.mirrors).filter(m -> m != removed).toArray(Mirror[]::new);
        return kept.length == 0 ? NONE : kept.length == 1 ? kept[0] : new Many(kept);
    }

    /** Several registries' meters. */
    final class Many implements Mirror {
        private final Mirror[] mirrors;

        private Many(Mirror[] mirrors) {
            this.mirrors = mirrors;
        }

        @Override
        public void record(long value) {
            for (Mirror mirror : mirrors) {
                mirror.record(value);
            }
        }
    }
}
