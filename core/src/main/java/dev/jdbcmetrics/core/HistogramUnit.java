package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Meter;

/** What a {@link Histogram} records, and how its values read in the exposition. */
enum HistogramUnit {
    /** Recorded in nanoseconds, exposed in seconds. */
    SECONDS(Meter.Type.TIMER, null, 1e-9),
    /** Recorded and exposed as a count of rows. */
    ROWS(Meter.Type.DISTRIBUTION_SUMMARY, "rows", 1.0);

    final Meter.Type type;
    final String baseUnit;
    final double scale;

    HistogramUnit(Meter.Type type, String baseUnit, double scale) {
        this.type = type;
        this.baseUnit = baseUnit;
        this.scale = scale;
    }

    /** Bucket bounds given in exposed units (seconds or rows), in recorded units. */
    long[] recordedBounds(double[] exposed) {
        long[] bounds = new long[exposed.length];
        for (int i = 0; i < exposed.length; i++) {
            bounds[i] = Math.round(exposed[i] / scale);
        }
        return bounds;
    }
}
