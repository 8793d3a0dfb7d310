/**
 * Spring Boot auto-configuration of jdbc-metrics: {@link dev.jdbcmetrics.spring.boot.JdbcMetricsAutoConfiguration}
 * meters every {@code DataSource} bean, {@link dev.jdbcmetrics.spring.boot.JdbcMetricsProperties} binds
 * {@code jdbc-metrics.*}.
 */
package dev.jdbcmetrics.spring.boot;
