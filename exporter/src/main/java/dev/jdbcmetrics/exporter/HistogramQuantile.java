package dev.jdbcmetrics.exporter;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;

/**
 * A quantile estimated from classic histogram buckets the way PromQL's {@code histogram_quantile}
 * does: linear interpolation inside the bucket that holds the rank, the lowest bucket starting at
 * 0, and the highest finite bound when the rank falls in the {@code +Inf} bucket. An estimate, as
 * good as the buckets are narrow.
 */
final class HistogramQuantile {

    private HistogramQuantile() {
    }

    /**
     * @param q       the quantile, 0 to 1
     * @param buckets per-bucket (not cumulative) counts, the last bound {@code +Inf}
     * @return the estimate, or NaN when there are no observations
     */
    static double estimate(double q, ClassicHistogramBuckets buckets) {
        long total = 0;
        for (int i = 0; i < buckets.size(); i++) {
            total += buckets.getCount(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < buckets.size(); i++) {
            long count = buckets.getCount(i);
            if (count > 0 && below + count >= rank) {
                double upper = buckets.getUpperBound(i);
                if (Double.isInfinite(upper)) {
                    return i == 0 ? Double.NaN : buckets.getUpperBound(i - 1);
                }
                double lower = i == 0 ? 0 : buckets.getUpperBound(i - 1);
                return lower + (upper - lower) * (rank - below) / count;
            }
            below += count;
        }
        return buckets.getUpperBound(buckets.size() - 1);
    }
}
