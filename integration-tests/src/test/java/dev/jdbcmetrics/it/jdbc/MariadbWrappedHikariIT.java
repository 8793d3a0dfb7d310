package dev.jdbcmetrics.it.jdbc;

class MariadbWrappedHikariIT extends JdbcMetricsContractIT {

    MariadbWrappedHikariIT() {
        super(Database.MARIADB, EntryPoint.WRAPPED_HIKARI);
    }
}
