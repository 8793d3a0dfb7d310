package dev.jdbcmetrics.benchmarks;

/** Update-count arithmetic shared by the peer listeners. */
final class Counts {

    private Counts() {
    }

    /** The sum of the non-negative counts (drivers report unknown counts as negative values). */
    static long sum(int[] counts) {
        long sum = 0;
        for (int count : counts) {
            if (count > 0) {
                sum += count;
            }
        }
        return sum;
    }
}
