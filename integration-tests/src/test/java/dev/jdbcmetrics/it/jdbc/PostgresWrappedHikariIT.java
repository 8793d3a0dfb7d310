package dev.jdbcmetrics.it.jdbc;

class PostgresWrappedHikariIT extends JdbcMetricsContractIT {

    PostgresWrappedHikariIT() {
        super(Database.POSTGRES, EntryPoint.WRAPPED_HIKARI);
    }
}
