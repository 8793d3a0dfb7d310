package dev.jdbcmetrics.it.jdbc;

class MysqlWrappedHikariIT extends JdbcMetricsContractIT {

    MysqlWrappedHikariIT() {
        super(Database.MYSQL, EntryPoint.WRAPPED_HIKARI);
    }
}
