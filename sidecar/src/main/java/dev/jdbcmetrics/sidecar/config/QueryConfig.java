package dev.jdbcmetrics.sidecar.config;

/**
 * One SQL query of a collector: a metric's inline {@code query}, or a named entry of the
 * collector's {@code queries} that several metrics share through {@code query_ref} (it runs once
 * per refresh, however many metrics read its rows).
 *
 * @param name the name under {@code queries}, or the metric's name for an inline query
 * @param sql  the SQL run on the target
 * @param line the line of the query in its configuration file, for messages
 */
public record QueryConfig(String name, String sql, int line) {
}
