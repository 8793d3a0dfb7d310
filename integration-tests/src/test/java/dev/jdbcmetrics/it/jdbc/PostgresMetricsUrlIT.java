package dev.jdbcmetrics.it.jdbc;

class PostgresMetricsUrlIT extends JdbcMetricsContractIT {

    PostgresMetricsUrlIT() {
        super(Database.POSTGRES, EntryPoint.METRICS_URL);
    }
}
