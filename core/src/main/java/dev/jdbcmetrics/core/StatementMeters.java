package dev.jdbcmetrics.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Statement mode: one normalised statement, keyed by its fingerprint, as a candidate of its
 * datasource's {@link StatementTop}. It always adds up its total execution time (what the top N
 * is ranked by); only while it is in the top N does it also have {@link StatementSeries} to
 * record into.
 *
 * <p>The SQL strings of this statement hold it in their cached {@link QueryMeters}, so recording
 * costs no lookup: for a statement in the top N one striped add and one histogram record; for one
 * outside, one striped add, one sum and one comparison with the bar it must pass to be ranked
 * (see {@link StatementTop#outsideTop}).
 */
final class StatementMeters {

    final String fingerprint;
    /** The normalised SQL, for {@code db_statement_info}. */
    final String sql;
    private final StatementTop top;
    private final LongAdder totalNanos = new LongAdder();
    /** The published series while this statement is in the top N, else null. */
    volatile StatementSeries series;
    /** Whether this candidate has left the candidate table (its SQL strings may still hold it). */
    volatile boolean retired;
    /**
     * Set when this candidate, retired, came back while another candidate of the same fingerprint
     * was in the table: it then records into that one, so a fingerprint is never counted twice.
     */
    volatile StatementMeters mergedInto;

    StatementMeters(String fingerprint, String sql, StatementTop top) {
        this.fingerprint = fingerprint;
        this.sql = sql;
        this.top = top;
    }

    void executed(long nanos) {
        StatementMeters live = live();
        live.totalNanos.add(nanos);
        StatementSeries published = live.series;
        if (published == null) {
            // the execution that brings a statement into the top N is its series' first
            published = top.outsideTop(live);
        }
        if (published != null) {
            published.duration.record(nanos);
        }
    }

    /** Rows returned or affected (as pg_stat_statements' {@code rows}). */
    void rows(long count) {
        StatementSeries published = live().series;
        if (published != null) {
            published.rows.add(count);
        }
    }

    long totalNanos() {
        return totalNanos.sum();
    }

    /** Moves this candidate's total to {@code into}, which records for it from now on. */
    void mergeInto(StatementMeters into) {
        mergedInto = into;
        into.totalNanos.add(totalNanos.sumThenReset());
    }

    private StatementMeters live() {
        StatementMeters current = this;
        StatementMeters next;
        while ((next = current.mergedInto) != null) {
            current = next;
        }
        return current;
    }
}
