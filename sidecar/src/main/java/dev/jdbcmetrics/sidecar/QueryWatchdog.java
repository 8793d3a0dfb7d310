package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.exporter.DaemonThreads;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancels statements that outlive their deadline. {@code Statement.setQueryTimeout} alone has
 * whole-second granularity and some drivers enforce it loosely; {@link Statement#cancel()} from
 * another thread makes the database really stop the query.
 */
final class QueryWatchdog implements AutoCloseable {

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jdbc-metrics-query-watchdog"));

    /** One watched statement; close it when the statement finishes. */
    static final class Watch implements AutoCloseable {
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        /** @return whether the watchdog cancelled the statement */
        boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /**
     * Cancels {@code statement} when {@code deadlineNanos} (a {@link System#nanoTime()} value)
     * passes, unless the returned watch is closed first.
     */
    Watch watch(Statement statement, long deadlineNanos) {
        Watch watch = new Watch();
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        watch.future = scheduler.schedule(() -> {
            watch.fired.set(true);
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // Already finished or closed: nothing left to cancel.
            }
        }, delay, TimeUnit.NANOSECONDS);
        return watch;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
