package dev.jdbcmetrics.proxy;

import dev.jdbcmetrics.proxy.hikari.HikariPoolState;
import javax.sql.DataSource;

/** The default {@code datasource} label of a wrapped data source. */
final class DataSourceNaming {

    private DataSourceNaming() {
    }

    static String nameOf(DataSource dataSource) {
        if (Hikari.PRESENT) {
            String name = HikariPoolState.configuredName(dataSource);
            if (name != null) {
                return name;
            }
        }
        return "default";
    }

    /** The JDBC URL behind {@code dataSource} where it says (a HikariCP pool does), else null. */
    static String jdbcUrlOf(DataSource dataSource) {
        return Hikari.PRESENT ? HikariPoolState.jdbcUrl(dataSource) : null;
    }
}
