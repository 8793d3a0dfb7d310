package dev.jdbcmetrics.it.jdbc;

class MariadbMetricsUrlIT extends JdbcMetricsContractIT {

    MariadbMetricsUrlIT() {
        super(Database.MARIADB, EntryPoint.METRICS_URL);
    }
}
