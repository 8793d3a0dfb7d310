package dev.jdbcmetrics.it.jdbc;

class MysqlMetricsUrlIT extends JdbcMetricsContractIT {

    MysqlMetricsUrlIT() {
        super(Database.MYSQL, EntryPoint.METRICS_URL);
    }
}
