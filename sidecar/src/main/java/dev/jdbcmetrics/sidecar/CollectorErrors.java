package dev.jdbcmetrics.sidecar;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The errors of one collector on one target, by kind: {@code db_collector_errors_total}. Kept by
 * the sidecar across reloads, so that the counter does not reset when the configuration changes.
 */
final class CollectorErrors {

    /** Why a query or a row gave no sample: the {@code kind} label. */
    enum Kind {
        /** The database refused or failed the query. */
        QUERY("query"),
        /** The query ran past the collector's timeout or the scrape's deadline. */
        TIMEOUT("timeout"),
        /** The result did not fit the metric: a missing column, a value that is not a number,
         *  a negative counter, two rows with the same labels. */
        RESULT("result"),
        /** A value column held NULL: that sample was skipped (the query still counts as up). */
        NULL_VALUE("null_value");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** @return the {@code kind} label value */
        String label() {
            return label;
        }
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);

    CollectorErrors() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    void add(Kind kind, long n) {
        counts.get(kind).add(n);
    }

    long count(Kind kind) {
        return counts.get(kind).sum();
    }

    /** @return every kind's count added up */
    long total() {
        long total = 0;
        for (LongAdder count : counts.values()) {
            total += count.sum();
        }
        return total;
    }
}
