package dev.jdbcmetrics.proxy.hikari;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.PoolGauges;
import dev.jdbcmetrics.proxy.internal.UrlModeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Pool gauges read from a HikariCP pool's JMX MBeans, for applications that cannot touch the
 * pool's construction (Spring Boot builds it from {@code spring.datasource.*}): the pool needs
 * {@code registerMbeans=true} and a {@code poolName} equal to the datasource's
 * {@code jdbcmetrics.name}. In Spring Boot, declare it as a bean and Boot binds it:
 *
 * <pre>{@code
 * @Bean
 * MeterBinder ordersPoolMetrics() {
 *     return new HikariJmxMetrics("orders");
 * }
 * }</pre>
 *
 * <p>Registers {@code db_connections_active}, {@code _idle}, {@code _pending}, {@code _max},
 * {@code _min} and {@code db_pool_saturation_ratio}, read from
 * {@code com.zaxxer.hikari:type=Pool (<name>)} and {@code type=PoolConfig (<name>)} at most once a
 * second, as NaN while no such pool is registered. It sees no borrow events: for exact acquire
 * times and timeouts, use {@link JdbcMetricsTrackerFactory}.
 */
public final class HikariJmxMetrics implements MeterBinder {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String[] POOL_ATTRIBUTES = {"ActiveConnections", "IdleConnections", "ThreadsAwaitingConnection"};
    private static final String[] CONFIG_ATTRIBUTES = {"MaximumPoolSize", "MinimumIdle"};

    private final String poolName;

    /**
     * Gauges for the HikariCP pool named {@code poolName}, labelled {@code datasource=poolName}.
     *
     * @throws IllegalArgumentException if the name cannot be part of a JMX object name
     */
    public HikariJmxMetrics(String poolName) {
        this.poolName = Objects.requireNonNull(poolName, "poolName");
        objectName("Pool", poolName);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        DataSourceMetrics metrics = UrlModeMetrics.metricsIn(registry, poolName);
        PoolGauges.builder(metrics, new State(poolName))
                .active(s -> s.read()[0])
                .idle(s -> s.read()[1])
                .pending(s -> s.read()[2])
                .max(s -> s.read()[3])
                .min(s -> s.read()[4])
                .register();
    }

    private static ObjectName objectName(String type, String poolName) {
        try {
            return new ObjectName("com.zaxxer.hikari:type=" + type + " (" + poolName + ")");
        } catch (JMException e) {
            throw new IllegalArgumentException("jdbc-metrics: pool name '" + poolName
                    + "' cannot be part of a JMX object name: " + e.getMessage(), e);
        }
    }

    /** The five values, read together at most once a second so a scrape sees one snapshot. */
    private static final class State {
        private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        private final ObjectName pool;
        private final ObjectName config;
        private long readAt;
        private double[] values;

        State(String poolName) {
            this.pool = objectName("Pool", poolName);
            this.config = objectName("PoolConfig", poolName);
        }

        synchronized double[] read() {
            long now = System.nanoTime();
            if (values == null || now - readAt >= REFRESH_NANOS) {
                values = load();
                readAt = now;
            }
            return values;
        }

        private double[] load() {
            double[] loaded = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            try {
                if (server.isRegistered(pool) && server.isRegistered(config)) {
                    put(loaded, 0, POOL_ATTRIBUTES, server.getAttributes(pool, POOL_ATTRIBUTES).asList());
                    put(loaded, 3, CONFIG_ATTRIBUTES, server.getAttributes(config, CONFIG_ATTRIBUTES).asList());
                }
            } catch (JMException e) {
                // The pool went away between the check and the read: NaN for this scrape.
            }
            return loaded;
        }

        private static void put(double[] into, int offset, String[] names, List<Attribute> attributes) {
            for (Attribute attribute : attributes) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(attribute.getName()) && attribute.getValue() instanceof Number n) {
                        into[offset + i] = n.doubleValue();
                    }
                }
            }
        }
    }
}
