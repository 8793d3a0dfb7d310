package dev.jdbcmetrics.proxy.hikari;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.jdbcmetrics.core.JdbcUrls;
import dev.jdbcmetrics.proxy.internal.MetricsUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Pool metrics for a HikariCP pool that jdbc-metrics does not wrap, typically one whose
 * {@code jdbcUrl} is a {@code jdbc:metrics:} URL:
 *
 * <pre>{@code
 * HikariConfig config = new HikariConfig();
 * config.setJdbcUrl("jdbc:metrics:postgresql://db:5432/orders");
 * config.setPoolName("orders");
 * HikariDataSource pool = new HikariDataSource(HikariMetrics.instrument(config, registry));
 * }</pre>
 *
 * <p>The pool then reports {@code db_connections_active}, {@code _idle}, {@code _pending},
 * {@code _max}, {@code _min}, {@code db_pool_saturation_ratio}, acquire and usage times and
 * timeouts (see {@link JdbcMetricsTrackerFactory}) under the same {@code datasource} label as the
 * statements the driver measures.
 */
public final class HikariMetrics {

    private HikariMetrics() {
    }

    /**
     * Installs a {@link JdbcMetricsTrackerFactory} in {@code config} before the pool starts,
     * decorating the factory already set. A Micrometer {@code metricRegistry} set on the
     * configuration becomes the decorated HikariCP {@link MicrometerMetricsTrackerFactory}, so its
     * {@code hikaricp_*} metrics stay. Calling it twice changes nothing.
     *
     * <p>The {@code datasource} label: the URL's {@code jdbcmetrics.name}, else the pool name when
     * one was chosen, else host and database from the URL. For a {@code jdbc:metrics:} URL the
     * driver is told the same name (a {@code jdbcmetrics.name} data source property), so statements
     * and pool metrics share one label.
     *
     * @param config   a pool configuration, or a {@link HikariDataSource} that has not started yet
     * @param registry where the pool metrics go; for a {@code jdbc:metrics:} URL, the registry the
     *                 driver uses too (Micrometer's global registry unless changed)
     * @return {@code config}
     * @throws IllegalStateException    if the pool has started already (HikariCP reads its factory
     *                                  once, at start), or a non-Micrometer {@code metricRegistry}
     *                                  is set (set a factory instead, which can be decorated)
     * @throws IllegalArgumentException if {@code config}'s {@code jdbc:metrics:} URL is malformed
     */
    public static <C extends HikariConfig> C instrument(C config, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        if (config instanceof HikariDataSource pool && (pool.isRunning() || pool.isClosed())) {
            throw new IllegalStateException("jdbc-metrics: HikariCP pool '" + pool.getPoolName()
                    + "' has started already; instrument its configuration before the pool starts");
        }
        MetricsTrackerFactory existing = config.getMetricsTrackerFactory();
        if (existing instanceof JdbcMetricsTrackerFactory) {
            return config;
        }
        Object metricRegistry = config.getMetricRegistry();
        if (metricRegistry != null) {
            if (!(metricRegistry instanceof MeterRegistry userRegistry)) {
                throw new IllegalStateException("jdbc-metrics: HikariCP's metricRegistry is a "
                        + metricRegistry.getClass().getName() + ", which cannot be decorated;"
                        + " set a MetricsTrackerFactory instead (e.g. CodahaleMetricsTrackerFactory)");
            }
            existing = new MicrometerMetricsTrackerFactory(userRegistry);
            config.setMetricRegistry(null); // HikariCP takes a registry or a factory, not both
        }
        String name = datasourceName(config);
        config.setMetricsTrackerFactory(new JdbcMetricsTrackerFactory(registry, existing, name));
        return config;
    }

    /** The label of the configured pool; null to use the pool name HikariCP generates at start. */
    private static String datasourceName(HikariConfig config) {
        String url = config.getJdbcUrl();
        String poolName = HikariPoolState.chosenName(config.getPoolName());
        if (url == null || !MetricsUrl.isOurs(url)) {
            return poolName != null ? poolName : url != null ? JdbcUrls.datasourceName(url) : null;
        }
        MetricsUrl parsed;
        try {
            parsed = MetricsUrl.parse(url, config.getDataSourceProperties());
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String named = parsed.setting(MetricsUrl.NAME);
        if (named != null && !named.isBlank()) {
            return named;
        }
        String name = poolName != null ? poolName : parsed.datasourceName();
        config.addDataSourceProperty(MetricsUrl.NAME, name);
        return name;
    }
}
