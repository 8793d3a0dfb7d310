package dev.jdbcmetrics.it.jdbc;

/** The ways an application puts jdbc-metrics between itself and HikariCP. */
enum EntryPoint {
    /** {@code MeteredDataSource.builder(hikari)...build()}: the pool is wrapped. */
    WRAPPED_HIKARI,
    /** {@code jdbc:metrics:} in HikariCP's {@code jdbcUrl}: the pool's physical connections are wrapped. */
    METRICS_URL
}
