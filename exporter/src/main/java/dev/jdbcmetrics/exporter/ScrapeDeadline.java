package dev.jdbcmetrics.exporter;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * How long the {@code /metrics} scrape running on the current thread may still take.
 *
 * <p>Prometheus sends its scrape timeout in the {@code X-Prometheus-Scrape-Timeout-Seconds}
 * header. While {@link MetricsExporter} serves a scrape that carries this header, the thread
 * that collects the metrics has a deadline: the header's value minus a safety margin (a tenth
 * of the timeout, at least 250 ms, at most half of it) left for writing the response.
 * Collectors that do slow work, such as SQL queries, read {@link #remainingNanos()} to bound
 * it (for example with {@code Statement.setQueryTimeout}) so that Prometheus receives a partial
 * answer instead of a timed-out scrape.
 *
 * <pre>{@code
 * long remaining = ScrapeDeadline.remainingNanos();
 * if (remaining != Long.MAX_VALUE) {
 *     statement.setQueryTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remaining)));
 * }
 * }</pre>
 */
public final class ScrapeDeadline {

    /** The request header in which Prometheus sends its scrape timeout, in seconds. */
    static final String TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

    private static final long MIN_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    // Larger values are treated as "no deadline worth tracking"; also keeps nanoTime sums safe.
    private static final long MAX_TIMEOUT_NANOS = TimeUnit.DAYS.toNanos(1);
    private static final long NO_BUDGET = -1;

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private ScrapeDeadline() {
    }

    /**
     * Returns the time left for the scrape in progress on this thread.
     *
     * @return the nanoseconds left before the current scrape's deadline, 0 when it has passed,
     *         or {@link Long#MAX_VALUE} when no scrape with a timeout header is in progress on
     *         this thread
     */
    public static long remainingNanos() {
        Long deadline = DEADLINE.get();
        if (deadline == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, deadline - System.nanoTime());
    }

    /**
     * The time budget for a scrape whose timeout header has the given value.
     *
     * @return nanoseconds, or a negative value when the header is absent or not a positive
     *         number of seconds (the scrape then runs without a deadline)
     */
    static long budgetNanos(String headerValue) {
        if (headerValue == null) {
            return NO_BUDGET;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(headerValue.trim());
        } catch (NumberFormatException e) {
            return NO_BUDGET;
        }
        if (!(seconds > 0) || seconds * 1e9 > MAX_TIMEOUT_NANOS) {
            return NO_BUDGET;
        }
        long timeout = (long) (seconds * 1e9);
        long margin = Math.min(Math.max(timeout / 10, MIN_MARGIN_NANOS), timeout / 2);
        return timeout - margin;
    }

    /**
     * Runs {@code work} with a deadline {@code budgetNanos} from now on this thread, restoring
     * the previous state afterwards; runs it without one when the budget is negative.
     */
    static void within(long budgetNanos, IoAction work) throws IOException {
        if (budgetNanos < 0) {
            work.run();
            return;
        }
        Long previous = DEADLINE.get();
        DEADLINE.set(System.nanoTime() + budgetNanos);
        try {
            work.run();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /** A piece of request handling that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }
}
