package dev.jdbcmetrics.core;

/**
 * One recent slow query, as the live page shows it.
 *
 * @param datasource  the {@code datasource} label
 * @param operation   the {@code operation} label
 * @param table       the {@code table} label
 * @param sql         the normalised SQL (never literals), or {@code (batch)} for a batch of several statements
 * @param seconds     the execution's wall time
 * @param epochMillis when it ended, in milliseconds since the epoch
 */
public record SlowQuery(String datasource, String operation, String table, String sql, double seconds,
        long epochMillis) {
}
