package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.ConnectionMeters;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The leak watch of one lent-out connection; {@link #NONE} when detection is off. */
class LeakWatch implements Runnable {

    static final LeakWatch NONE = new LeakWatch(null, null, 0) {
        @Override
        void cancel() {
        }
    };

    private static final Logger logger = LoggerFactory.getLogger(LeakWatch.class);

    private final ConnectionMeters meters;
    private final String datasource;
    private final long thresholdNanos;
    private final Exception takenAt;
    private volatile ScheduledFuture<?> future;

    LeakWatch(ConnectionMeters meters, String datasource, long thresholdNanos) {
        this.meters = meters;
        this.datasource = datasource;
        this.thresholdNanos = thresholdNanos;
        this.takenAt = meters == null ? null : new Exception("The connection was taken here");
    }

    void schedule(ScheduledExecutorService scheduler, long delay, TimeUnit unit) {
        future = scheduler.schedule(this, delay, unit);
    }

    void cancel() {
        ScheduledFuture<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public void run() {
        meters.leaked();
        logger.warn("Connection leak on datasource '{}': a connection has been held for more than {} ms"
                + " without being closed.", datasource, TimeUnit.NANOSECONDS.toMillis(thresholdNanos), takenAt);
    }
}
