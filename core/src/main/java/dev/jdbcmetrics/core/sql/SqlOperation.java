package dev.jdbcmetrics.core.sql;

import java.util.Locale;

/**
 * The kind of a SQL statement, as it appears in the {@code operation} label.
 *
 * <p>The set is closed on purpose: a label whose values come from an enum can never grow the
 * series count.
 */
public enum SqlOperation {
    SELECT, INSERT, UPDATE, DELETE, MERGE, CALL, DDL, OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The label value: the lower-cased name, e.g. {@code select}. */
    public String label() {
        return label;
    }
}
