package dev.jdbcmetrics.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import dev.jdbcmetrics.proxy.MetricsDriver;
import dev.jdbcmetrics.proxy.hikari.HikariMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import javax.sql.DataSource;

/** jdbc-metrics in its two application-side forms, with every metric on. */
final class JdbcMetricsSetup {

    private JdbcMetricsSetup() {
    }

    /** In code: the pool wrapped by {@link MeteredDataSource}. */
    static DataSource wrap(DataSource pool, MeterRegistry registry) {
        return MeteredDataSource.builder(pool).name("bench").registry(registry).build();
    }

    /** In code, the pool's tracker reporting the borrows. */
    static DataSource wrapWithPoolTracker(DataSource pool, MeterRegistry registry) {
        return MeteredDataSource.builder(pool).name("bench").registry(registry).poolTracker(true).build();
    }

    /** By URL, with HikariCP's tracker reporting the pool's gauges and borrows. */
    static HikariConfig viaUrlWithPoolMetrics(HikariConfig config, MeterRegistry registry) {
        return HikariMetrics.instrument(viaUrl(config, registry), registry);
    }

    /**
     * No code change: {@code jdbc:metrics:} + the plain URL as HikariCP's {@code jdbcUrl}. The
     * driver records into {@code registry} (in production: Micrometer's global registry, which
     * costs the same, since registries are only read at scrape time).
     */
    static HikariConfig viaUrl(HikariConfig config, MeterRegistry registry) {
        MetricsDriver.useRegistry(registry);
        config.setJdbcUrl("jdbc:metrics:" + config.getJdbcUrl().substring("jdbc:".length())
                + ";jdbcmetrics.name=bench");
        config.setDriverClassName(MetricsDriver.class.getName());
        return config;
    }

    /** Puts the driver back on Micrometer's global registry, removing the benchmark's meters. */
    static void resetUrlMode() {
        MetricsDriver.useRegistry(Metrics.globalRegistry);
    }
}
