package dev.jdbcmetrics.proxy.hikari;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.jdbcmetrics.core.JdbcUrls;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads a HikariCP pool's state for the pool gauges, at scrape time only.
 *
 * <p>The pool MXBean is looked up on each read because HikariCP creates it lazily: a data
 * source built with the no-argument constructor has none before its first connection.
 * Only referenced when HikariCP is on the class path.
 */
public final class HikariPoolState {

    /** HikariCP's generated names ({@code HikariPool-1}) depend on start order: not a stable label. */
    private static final Pattern GENERATED_NAME = Pattern.compile("HikariPool-\\d+");

    private final HikariDataSource pool;

    private HikariPoolState(HikariDataSource pool) {
        this.pool = pool;
    }

    /** The state of {@code dataSource} if it is (or wraps) a HikariCP pool, else null. */
    public static HikariPoolState of(DataSource dataSource) {
        HikariDataSource pool = unwrap(dataSource);
        return pool == null ? null : new HikariPoolState(pool);
    }

    /**
     * The label for a HikariCP pool: its pool name when the user chose one, else host and
     * database from its JDBC URL; null when {@code dataSource} is not a HikariCP pool.
     */
    public static String configuredName(DataSource dataSource) {
        HikariDataSource pool = unwrap(dataSource);
        if (pool == null) {
            return null;
        }
        String name = pool.getPoolName();
        if (name != null && !name.isBlank() && !GENERATED_NAME.matcher(name).matches()) {
            return name;
        }
        return pool.getJdbcUrl() != null ? JdbcUrls.datasourceName(pool.getJdbcUrl()) : null;
    }

    /** Idle connections now; 0 before the pool has started. */
    public double idle() {
        HikariPoolMXBean mxBean = pool.getHikariPoolMXBean();
        return mxBean == null ? 0 : mxBean.getIdleConnections();
    }

    /** The configured maximum pool size. */
    public double max() {
        return config().getMaximumPoolSize();
    }

    /** The configured minimum idle count. */
    public double min() {
        return config().getMinimumIdle();
    }

    private HikariConfigMXBean config() {
        return pool.getHikariConfigMXBean();
    }

    private static HikariDataSource unwrap(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            return hikari;
        }
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }
}
