package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@value #SIZE} slow queries of one datasource, a ring overwritten oldest first. Fed by
 * the slow-query path only (one small object per slow query, no lock); the SQL is normalised
 * when read, so the query path never pays for it.
 */
final class RecentSlowQueries {

    static final int SIZE = 20;

    private record Entry(String sql, long nanos, String operation, String table, long epochMillis) {
    }

    private final String datasource;
    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SIZE);
    private final AtomicLong next = new AtomicLong();

    RecentSlowQueries(String datasource) {
        this.datasource = datasource;
    }

    void add(String sql, long nanos, String operation, String table, long epochMillis) {
        slots.set((int) (next.getAndIncrement() % SIZE), new Entry(sql, nanos, operation, table, epochMillis));
    }

    /** The queries kept, the most recent first. */
    List<SlowQuery> snapshot() {
        List<SlowQuery> queries = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++) {
            Entry e = slots.get(i);
            if (e != null) {
                queries.add(new SlowQuery(datasource, e.operation, e.table,
                        e.sql == null ? "(batch)" : SqlNormalizer.normalize(e.sql), e.nanos / 1e9, e.epochMillis));
            }
        }
        queries.sort(Comparator.comparingLong(SlowQuery::epochMillis).reversed());
        return queries;
    }
}
