package dev.jdbcmetrics.proxy;

import dev.jdbcmetrics.core.ConnectionMeters;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.proxy.hikari.HikariBorrowTracking;
import dev.jdbcmetrics.proxy.internal.LeakDetector;
import dev.jdbcmetrics.proxy.internal.MeteredConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that measures every statement, result set, connection and transaction
 * that flows through it, and the pool's state, into a Micrometer {@link MeterRegistry}.
 *
 * <pre>{@code
 * DataSource ds = MeteredDataSource.wrap(hikariDataSource, meterRegistry);
 *
 * DataSource ds = MeteredDataSource.builder(hikariDataSource)
 *         .name("orders")
 *         .registry(meterRegistry)
 *         .config(MetricsConfig.builder().slowQueryThreshold(Duration.ofMillis(500)).build())
 *         .build();
 * }</pre>
 *
 * <p>A scrape then shows, among others:
 * <pre>
 * db_queries_executed_total{datasource="orders",operation="select",table="orders"} 1027.0
 * db_query_duration_seconds_bucket{datasource="orders",operation="select",outcome="success",table="orders",le="0.005"} 1019
 * db_connections_active{datasource="orders"} 3.0
 * db_pool_saturation_ratio{datasource="orders"} 0.3
 * </pre>
 *
 * <p>The wrapper is transparent: the driver's own exceptions come through unchanged,
 * {@link #unwrap} and {@link #isWrapperFor} reach the wrapped pool (so frameworks still find
 * HikariCP behind it), and metric recording never changes a query's result. {@link #close()}
 * removes the meters and closes the wrapped data source when it is closeable.
 */
public final class MeteredDataSource implements DataSource, AutoCloseable {

    private final DataSource delegate;
    private final DataSourceMetrics metrics;
    private final ConnectionMeters connectionMeters;
    private final LeakDetector leakDetector;
    /** Whether the pool's metrics tracker reports borrows (HikariCP), so this wrapper need not time them. */
    private final boolean poolTracksBorrows;
    /** Whether {@code db_connections_pending} is this wrapper's own count of threads in {@link #getConnection()}. */
    private final boolean countsWaits;

    private MeteredDataSource(DataSource delegate, DataSourceMetrics metrics, boolean usePoolTracker) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.connectionMeters = metrics.connections();
        this.leakDetector = LeakDetector.of(metrics.config().leakThreshold(), connectionMeters, metrics.name());
        this.poolTracksBorrows = usePoolTracker && Hikari.PRESENT && HikariBorrowTracking.install(delegate, metrics);
        connectionMeters.measureBorrows();
        connectionMeters.measureTransactions();
        this.countsWaits = PoolGaugeBinding.bind(metrics, delegate, poolTracksBorrows);
    }

    /**
     * Wraps {@code dataSource} with the default configuration; the {@code datasource} label is
     * the pool's name, else derived from its URL.
     */
    public static MeteredDataSource wrap(DataSource dataSource, MeterRegistry registry) {
        return builder(dataSource).registry(registry).build();
    }

    /** A builder for wrapping {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The metrics this data source records into. */
    public DataSourceMetrics metrics() {
        return metrics;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (poolTracksBorrows) {
            // The pool's tracker records acquire and lease times and timeouts: no clock read here.
            return MeteredConnection.lent(delegate.getConnection(), metrics, 0, leakDetector);
        }
        if (countsWaits) {
            connectionMeters.acquireStarted();
        }
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = delegate.getConnection();
        } catch (SQLException | RuntimeException | Error e) {
            connectionMeters.acquireFailed(System.nanoTime() - start, e);
            throw e;
        }
        long now = System.nanoTime();
        connectionMeters.acquired(now - start);
        return MeteredConnection.lent(connection, metrics, now, leakDetector);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return MeteredConnection.acquire(metrics, leakDetector, () -> delegate.getConnection(username, password));
    }

    @Override
    public ConnectionBuilder createConnectionBuilder() throws SQLException {
        ConnectionBuilder builder = delegate.createConnectionBuilder();
        return new MeteredConnectionBuilder(builder);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    /** Removes this data source's meters, then closes the wrapped data source if it is closeable. */
    @Override
    public void close() throws Exception {
        metrics.close();
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "MeteredDataSource[" + metrics.name() + ", " + delegate + "]";
    }

    /** A connection builder (JDBC 4.3) whose connections are metered like {@link #getConnection()}. */
    private final class MeteredConnectionBuilder implements ConnectionBuilder {
        private final ConnectionBuilder builder;

        MeteredConnectionBuilder(ConnectionBuilder builder) {
            this.builder = builder;
        }

        @Override
        public ConnectionBuilder user(String username) {
            builder.user(username);
            return this;
        }

        @Override
        public ConnectionBuilder password(String password) {
            builder.password(password);
            return this;
        }

        @Override
        public ConnectionBuilder shardingKey(java.sql.ShardingKey shardingKey) {
            builder.shardingKey(shardingKey);
            return this;
        }

        @Override
        public ConnectionBuilder superShardingKey(java.sql.ShardingKey superShardingKey) {
            builder.superShardingKey(superShardingKey);
            return this;
        }

        @Override
        public Connection build() throws SQLException {
            return MeteredConnection.acquire(metrics, leakDetector, builder::build);
        }
    }

    /** Builds a {@link MeteredDataSource}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String name;
        private MeterRegistry registry = Metrics.globalRegistry;
        private MetricsConfig config = MetricsConfig.defaults();
        private boolean poolTracker;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Optional: the {@code datasource} label value. Default: the pool's name where it was set
         * (HikariCP's {@code poolName}), else host and database from the pool's JDBC URL, else
         * {@code default}.
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Optional: where the meters go. Default: Micrometer's global registry. */
        public Builder registry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Optional: what to measure. Default: {@link MetricsConfig#defaults()}. */
        public Builder config(MetricsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Optional: whether a HikariCP pool reports acquire and lease times and timeouts through its
         * metrics tracker (chained to a tracker factory already set, so HikariCP's own metrics
         * stay), instead of the wrapper reading the clock around each borrow: one clock read less
         * per borrow. Then lease times have HikariCP's millisecond resolution, active and pending
         * connections are HikariCP's counts, and a borrow timeout is counted without its SQLState
         * class ({@code none}). Ignored (the wrapper times borrows) for other pools, a pool with a
         * {@code metricRegistry}, or a running pool whose tracker slot is taken. Default false.
         * Leave it off where something sets the pool's tracker factory later, and only into an
         * empty slot, as Spring Boot's HikariCP metrics binder does.
         */
        public Builder poolTracker(boolean poolTracker) {
            this.poolTracker = poolTracker;
            return this;
        }

        /** Registers the meters and returns the wrapping data source. */
        public MeteredDataSource build() {
            String label = name != null ? name : DataSourceNaming.nameOf(dataSource);
            return new MeteredDataSource(dataSource,
                    DataSourceMetrics.create(label, DataSourceNaming.jdbcUrlOf(dataSource), registry, config),
                    poolTracker);
        }
    }
}
