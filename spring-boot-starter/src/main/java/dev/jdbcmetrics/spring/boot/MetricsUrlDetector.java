package dev.jdbcmetrics.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.util.ClassUtils;

/**
 * Tells whether a data source connects through a {@code jdbc:metrics:} URL, as far as its pool
 * says (HikariCP's {@code jdbcUrl}, Spring's driver-based data sources' {@code url}): such a data
 * source is measured by {@code MetricsDriver} already and must not be counted twice.
 */
final class MetricsUrlDetector {

    private static final String PREFIX = "jdbc:metrics:";
    private static final boolean HIKARI_PRESENT =
            ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", MetricsUrlDetector.class.getClassLoader());

    private MetricsUrlDetector() {
    }

    static boolean usesMetricsUrl(DataSource dataSource) {
        String url = null;
        if (HIKARI_PRESENT) {
            url = Hikari.jdbcUrl(dataSource);
        }
        if (url == null && dataSource instanceof AbstractDriverBasedDataSource driverBased) {
            url = driverBased.getUrl();
        }
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Only loaded when HikariCP is on the class path. */
    private static final class Hikari {
        static String jdbcUrl(DataSource dataSource) {
            try {
                return dataSource.isWrapperFor(HikariDataSource.class)
                        ? dataSource.unwrap(HikariDataSource.class).getJdbcUrl() : null;
            } catch (SQLException | RuntimeException e) {
                return null;
            }
        }
    }
}
