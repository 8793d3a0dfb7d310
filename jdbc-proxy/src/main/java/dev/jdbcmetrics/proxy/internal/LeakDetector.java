package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.ConnectionMeters;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Watches lent-out connections for leaks: one held past the threshold is counted in
 * {@code db_connection_leaks_total} and logged once with the stack that took it.
 *
 * <p>Off by default and then free: {@link #OFF} hands out the shared {@link LeakWatch#NONE},
 * so a borrow allocates nothing and schedules nothing.
 */
public final class LeakDetector {

    /** The detector that watches nothing. */
    public static final LeakDetector OFF = new LeakDetector(null, 0, null);

    private static final class Scheduler {
        // One daemon thread for every datasource in the process, created on first use.
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "jdbc-metrics-leak-detector");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    private final ConnectionMeters meters;
    private final long thresholdNanos;
    private final String datasource;

    private LeakDetector(ConnectionMeters meters, long thresholdNanos, String datasource) {
        this.meters = meters;
        this.thresholdNanos = thresholdNanos;
        this.datasource = datasource;
    }

    /** A detector for one datasource; {@link #OFF} when the threshold is zero. */
    public static LeakDetector of(Duration threshold, ConnectionMeters meters, String datasource) {
        return threshold.isZero() ? OFF : new LeakDetector(meters, threshold.toNanos(), datasource);
    }

    /** Starts watching a connection just lent out; the caller cancels the watch when it closes. */
    LeakWatch watch() {
        if (meters == null) {
            return LeakWatch.NONE;
        }
        LeakWatch watch = new LeakWatch(meters, datasource, thresholdNanos);
        watch.schedule(Scheduler.INSTANCE, thresholdNanos, TimeUnit.NANOSECONDS);
        return watch;
    }
}
