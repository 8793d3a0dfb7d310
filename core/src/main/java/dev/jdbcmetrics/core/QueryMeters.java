package dev.jdbcmetrics.core;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Records what one SQL string does: resolved once per distinct SQL (and cached), then called on
 * every execution, result set and update count.
 *
 * <p>Every method is allocation-free in steady state and never throws: a failure inside the
 * registry is handed to the datasource's {@link RecordingGuard} and the query goes on.
 */
public final class QueryMeters {

    private final OperationMeters meters;
    private final StatementMeters statement;

    QueryMeters(OperationMeters meters, StatementMeters statement) {
        this.meters = meters;
        this.statement = statement;
    }

    OperationMeters operationMeters() {
        return meters;
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
        try {
            meters.executed.increment();
            meters.succeeded.record(nanos, TimeUnit.NANOSECONDS);
            afterExecution(nanos, sql);
        } catch (RuntimeException e) {
            meters.guard.failed("query", e);
        }
    }

    /**
     * An execution that threw {@code failure}.
     *
     * @param nanos   wall time of the execute call
     * @param failure the driver's exception, only read
     * @param sql     as for {@link #succeeded}
     */
    public void failed(long nanos, SQLException failure, String sql) {
        try {
            meters.executed.increment();
            meters.errored.record(nanos, TimeUnit.NANOSECONDS);
            meters.failed(SqlStateClass.index(failure)).increment();
            afterExecution(nanos, sql);
        } catch (RuntimeException e) {
            meters.guard.failed("query", e);
        }
    }

    /** Update counts: non-negative ones are added to {@code db_rows_affected_total}. */
    public void rowsAffected(long count) {
        if (count > 0) {
            try {
                meters.rowsAffected.increment(count);
            } catch (RuntimeException e) {
                meters.guard.failed("rows affected", e);
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
        try {
            if (rows > 0) {
                meters.rowsReturned.increment(rows);
            }
            meters.rowsPerResultSet.record(rows);
        } catch (RuntimeException e) {
            meters.guard.failed("rows", e);
        }
    }

    private void afterExecution(long nanos, String sql) {
        if (statement != null) {
            statement.executed(nanos);
        }
        if (nanos >= meters.slowNanos) {
            meters.slow.increment();
            meters.slowLog.slow(sql, nanos, meters.operation, meters.table);
        }
    }
}
