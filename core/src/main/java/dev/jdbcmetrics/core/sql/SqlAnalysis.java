package dev.jdbcmetrics.core.sql;

import java.util.Objects;

/**
 * What one SQL string is: its operation and its main table.
 *
 * @param operation the statement's kind
 * @param table     the main table as written, unquoted and lower-cased ({@code public.orders},
 *                  {@code orders}), or {@link #NO_TABLE}
 */
public record SqlAnalysis(SqlOperation operation, String table) {

    /** The {@code table} value when a statement has no main table, or it cannot be told. */
    public static final String NO_TABLE = "none";

    public SqlAnalysis {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(table, "table");
    }
}
