package dev.jdbcmetrics.core;

import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records what one SQL string does: resolved once per distinct SQL (and cached), then called on
 * every execution, result set and update count.
 *
 * <p>Every method is allocation-free and cannot fail: it only adds to striped counters and
 * histograms of our own. The registry is never called here; it reads them at scrape time.
 */
public final class QueryMeters {

    private final OperationMeters meters;
    private final StatementMeters statement;
    /** Non-null for SQL recorded into the overflow group because the series budget was spent. */
    private final LongAdder overflow;

    QueryMeters(OperationMeters meters, StatementMeters statement) {
        this(meters, statement, null);
    }

    QueryMeters(OperationMeters meters, StatementMeters statement, LongAdder overflow) {
        this.meters = meters;
        this.statement = statement;
        this.overflow = overflow;
    }

    OperationMeters operationMeters() {
        return meters;
    }

    /** These meters, also recording into one statement's of statement mode. */
    QueryMeters withStatement(StatementMeters statement) {
        return new QueryMeters(meters, statement, overflow);
    }

    /** The {@code operation} label value, e.g. {@code select}. */
    public String operation() {
        return meters.operation;
    }

    /** The {@code table} label value after the cap, e.g. {@code orders}, {@code other} or {@code none}. */
    public String table() {
        return meters.table;
    }

    /**
     * An execution that returned normally.
     *
     * @param nanos wall time of the execute call
     * @param sql   the SQL, used only when the execution was slow (it is then logged normalised);
     *              null for a batch of several statements
     */
    public void succeeded(long nanos, String sql) {
        meters.succeeded.record(nanos);
        afterExecution(nanos, sql);
    }

    /**
     * An execution that threw {@code failure}.
     *
     * @param nanos   wall time of the execute call
     * @param failure the driver's exception, only read: a {@link SQLException} is counted by its
     *                SQLState class, anything else a driver throws (a RuntimeException) as {@code none}
     * @param sql     as for {@link #succeeded}
     */
    public void failed(long nanos, Throwable failure, String sql) {
        meters.errored(failure).record(nanos);
        meters.failed(SqlStateClass.index(failure)).increment();
        afterExecution(nanos, sql);
    }

    /** Update counts: non-negative ones are added to {@code db_rows_affected_total}. */
    public void rowsAffected(long count) {
        if (count > 0) {
            meters.rowsAffected.add(count);
            if (statement != null) {
                statement.rows(count);
            }
        }
    }

    /** The update counts of a batch: non-negative ones are summed ({@code SUCCESS_NO_INFO} is -2). */
    public void rowsAffected(int[] counts) {
        if (counts != null) {
            long sum = 0;
            for (int count : counts) {
                sum += Math.max(count, 0);
            }
            rowsAffected(sum);
        }
    }

    /** As {@link #rowsAffected(int[])} for {@code executeLargeBatch}. */
    public void rowsAffected(long[] counts) {
        if (counts != null) {
            long sum = 0;
            for (long count : counts) {
                sum += Math.max(count, 0);
            }
            rowsAffected(sum);
        }
    }

    /** A result set closed or exhausted after {@code rows} successful {@code next()} calls. */
    public void resultSetRead(long rows) {
        meters.rowsPerResultSet.record(rows);
        if (statement != null && rows > 0) {
            statement.rows(rows);
        }
    }

    private void afterExecution(long nanos, String sql) {
        if (overflow != null) {
            overflow.increment();
        }
        if (statement != null) {
            statement.executed(nanos);
        }
        if (nanos >= meters.slowNanos) {
            meters.slow.increment();
            meters.slowLog.slow(sql, nanos, meters.operation, meters.table);
        }
    }
}
