package dev.jdbcmetrics.proxy.hikari;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import dev.jdbcmetrics.core.ConnectionMeters;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.PoolGauges;
import dev.jdbcmetrics.proxy.internal.UrlModeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HikariCP {@link MetricsTrackerFactory} that records the pool's own view into jdbc-metrics'
 * names: {@code db_connections_active}, {@code _idle}, {@code _pending}, {@code _max}, {@code _min}
 * and {@code db_pool_saturation_ratio} from HikariCP's {@link PoolStats} (which HikariCP caches
 * for one second), {@code db_connection_acquire_seconds} and {@code db_connection_usage_seconds}
 * from its exact borrow and lease times, and each borrow timeout in
 * {@code db_connection_acquire_failures_total{sqlstate_class="none"}}.
 *
 * <p>It decorates, never replaces: a factory the application already set is handed every call,
 * so HikariCP's own {@code hikaricp_*} metrics (or any other tracker) keep working. A pool has a
 * single factory slot; {@link HikariMetrics#instrument} fills it with this decorator around
 * whatever was there.
 *
 * <p>Meant for pools that jdbc-metrics does not wrap, chiefly a HikariCP pool over a
 * {@code jdbc:metrics:} URL. The {@code datasource} label is the pool's name unless
 * {@link HikariMetrics#instrument} chose one. When a pool is wrapped by a {@code MeteredDataSource}
 * of the same name already, this factory records nothing of its own (the wrapper measures the same
 * borrows) and only forwards. HikariCP can also create it from its configuration properties:
 * {@code metricsTrackerFactory=dev.jdbcmetrics.proxy.hikari.JdbcMetricsTrackerFactory}.
 */
public final class JdbcMetricsTrackerFactory implements MetricsTrackerFactory {

    private static final Logger logger = LoggerFactory.getLogger(JdbcMetricsTrackerFactory.class);
    private static final IMetricsTracker NO_TRACKER = new IMetricsTracker() {
    };

    private final MeterRegistry registry;
    private final MetricsTrackerFactory delegate;
    private final String name;
    /** Set for a pool wrapped in code: where its borrows go. */
    private final DataSourceMetrics wrapperMetrics;

    /**
     * For HikariCP's {@code metricsTrackerFactory} property: records into the registry of the
     * {@code jdbc:metrics:} driver (Micrometer's global registry unless changed), labelled with the
     * pool name, decorating nothing.
     */
    public JdbcMetricsTrackerFactory() {
        this(null, null, null);
    }

    /** Records into {@code registry}, labelled with the pool name, decorating nothing. */
    public JdbcMetricsTrackerFactory(MeterRegistry registry) {
        this(Objects.requireNonNull(registry, "registry"), null, null);
    }

    /**
     * Records into {@code registry}, labelled with the pool name, and forwards every call to
     * {@code delegate}'s trackers.
     */
    public JdbcMetricsTrackerFactory(MeterRegistry registry, MetricsTrackerFactory delegate) {
        this(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(delegate, "delegate"), null);
    }

    JdbcMetricsTrackerFactory(MeterRegistry registry, MetricsTrackerFactory delegate, String name) {
        this(registry, delegate, name, null);
    }

    private JdbcMetricsTrackerFactory(MeterRegistry registry, MetricsTrackerFactory delegate, String name,
            DataSourceMetrics wrapperMetrics) {
        this.registry = registry;
        this.delegate = delegate;
        this.name = name;
        this.wrapperMetrics = wrapperMetrics;
    }

    /**
     * For a pool wrapped in code ({@code MeteredDataSource}): borrows are recorded into the
     * wrapper's {@code metrics}, which owns the pool gauges and the meters' lifetime, so this
     * factory registers nothing and closes nothing.
     */
    static JdbcMetricsTrackerFactory forWrapper(DataSourceMetrics metrics, MetricsTrackerFactory delegate) {
        return new JdbcMetricsTrackerFactory(null, delegate, null, Objects.requireNonNull(metrics, "metrics"));
    }

    /** The factory this one decorates, or null. */
    public MetricsTrackerFactory delegate() {
        return delegate;
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        IMetricsTracker decorated = delegate == null ? NO_TRACKER : delegate.create(poolName, poolStats);
        if (wrapperMetrics != null) {
            return new Tracker(wrapperMetrics, decorated, false);
        }
        String datasource = name != null ? name : poolName;
        MeterRegistry target = registry != null ? registry : UrlModeMetrics.registry();
        if (PoolGauges.existFor(target, datasource)) {
            // Something else (a MeteredDataSource) measures this datasource's borrows: don't count twice.
            logger.warn("jdbc-metrics: datasource '{}' is measured already (a MeteredDataSource of the same name?);"
                    + " the tracker of HikariCP pool '{}' records nothing and only forwards.", datasource, poolName);
            return decorated;
        }
        DataSourceMetrics metrics = UrlModeMetrics.metricsIn(target, datasource);
        metrics.connections().measureBorrows();
        PoolGauges.builder(metrics, poolStats)
                .active(PoolStats::getActiveConnections)
                .idle(PoolStats::getIdleConnections)
                .pending(PoolStats::getPendingThreads)
                .max(PoolStats::getMaxConnections)
                .min(PoolStats::getMinConnections)
                .register();
        return new Tracker(metrics, decorated, true);
    }

    /** Records one pool's events, then hands each to the decorated tracker. */
    private static final class Tracker implements IMetricsTracker {
        private final DataSourceMetrics metrics;
        private final ConnectionMeters connections;
        private final IMetricsTracker decorated;

        /** Whether closing the pool removes the metrics (URL mode); a wrapper removes its own. */
        private final boolean ownsMetrics;

        Tracker(DataSourceMetrics metrics, IMetricsTracker decorated, boolean ownsMetrics) {
            this.ownsMetrics = ownsMetrics;
            this.metrics = metrics;
            this.connections = metrics.connections();
            this.decorated = decorated;
        }

        @Override
        public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
            decorated.recordConnectionCreatedMillis(connectionCreatedMillis);
        }

        @Override
        public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
            connections.poolAcquireTime(elapsedAcquiredNanos);
            decorated.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
        }

        @Override
        public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
            connections.poolUsageTime(TimeUnit.MILLISECONDS.toNanos(elapsedBorrowedMillis));
            decorated.recordConnectionUsageMillis(elapsedBorrowedMillis);
        }

        @Override
        public void recordConnectionTimeout() {
            // HikariCP does not hand the exception over; its SQLState is that of the last failed
            // connection attempt, if any, which the tracker cannot see.
            connections.poolAcquireFailed(null);
            decorated.recordConnectionTimeout();
        }

        @Override
        public void close() {
            try {
                decorated.close();
            } finally {
                if (ownsMetrics) {
                    UrlModeMetrics.poolClosed(metrics);
                }
            }
        }
    }
}
