package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlAnalysis;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-datasource cap on distinct {@code table} label values: the first {@code max} tables
 * seen keep their name, every later one becomes {@link #OTHER}, so a workload of generated SQL
 * can never explode the series count.
 */
final class TableLabels {

    /** The label value of tables past the cap. */
    static final String OTHER = "other";

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    TableLabels(int max) {
        this.max = max;
    }

    /** The label value for a table name from {@link SqlAnalysis#table()}. */
    String label(String table) {
        if (SqlAnalysis.NO_TABLE.equals(table) || admitted.contains(table)) {
            return table;
        }
        // Racing threads may admit a few more than max between size() and add(): the bound is
        // max plus the number of threads, still fixed. Exactness here is not worth a lock.
        if (admitted.size() < max && admitted.add(table)) {
            return table;
        }
        return admitted.contains(table) ? table : OTHER;
    }
}
