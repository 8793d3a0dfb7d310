package dev.jdbcmetrics.proxy.hikari;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.jdbcmetrics.core.DataSourceMetrics;
import javax.sql.DataSource;

/**
 * Lets a HikariCP pool wrapped in code report its borrows (acquire time, lease time, timeouts)
 * through its metrics tracker, as URL mode does: HikariCP reads the clock for them anyway, so the
 * wrapper need not read it around {@code getConnection()} and {@code close()}.
 *
 * <p>A pool has one tracker factory slot, which HikariCP lets be set before the pool starts, or
 * once on a running pool that has none. A factory already set (Spring Boot's
 * {@code MicrometerMetricsTrackerFactory}, say) is chained: it sees every call, so its
 * {@code hikaricp_*} metrics stay. A pool configured with a {@code metricRegistry} instead, or
 * running with a factory, keeps it untouched and the wrapper times borrows itself.
 *
 * <p>Internal API: not for application code.
 */
public final class HikariBorrowTracking {

    private HikariBorrowTracking() {
    }

    /**
     * Installs the tracker if the pool allows it.
     *
     * @return true when {@code dataSource}'s pool now reports its borrows into {@code metrics}
     */
    public static boolean install(DataSource dataSource, DataSourceMetrics metrics) {
        HikariDataSource pool = HikariPoolState.unwrap(dataSource);
        if (pool == null || pool.isClosed() || pool.getMetricRegistry() != null) {
            return false;
        }
        MetricsTrackerFactory existing = pool.getMetricsTrackerFactory();
        if (existing instanceof JdbcMetricsTrackerFactory || (existing != null && pool.isRunning())) {
            return false; // URL mode's tracker measures these borrows already, or the slot is taken for good
        }
        try {
            pool.setMetricsTrackerFactory(JdbcMetricsTrackerFactory.forWrapper(metrics, existing));
            return true;
        } catch (IllegalStateException startedMeanwhile) {
            return false;
        }
    }
}
