package dev.jdbcmetrics.proxy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set that counts the rows read through {@link #next()} in a plain field and reports
 * them once, when it is exhausted or closed (or its statement or connection closes): a row costs
 * one increment, never a shared-counter update.
 *
 * <p>Internal API: not for application code.
 */
public final class MeteredResultSet extends DelegatingResultSet {

    private final AbstractMeteredStatement<?> statement;
    private long rows;
    /** False for result sets that are not query results (generated keys). */
    private final boolean counted;
    private boolean reported;
    /** Closed through this wrapper; read by its statement. */
    boolean closed;

    /**
     * @param counted whether its rows are query results, reported to the statement's meters of
     *                the execution that produced it (a statement reports its current result set
     *                before it executes again, so those are still the meters when it reports)
     */
    MeteredResultSet(ResultSet delegate, AbstractMeteredStatement<?> statement, boolean counted) {
        super(delegate);
        this.statement = statement;
        this.counted = counted;
    }

    @Override
    public boolean next() throws SQLException {
        boolean hasRow = delegate.next();
        if (hasRow) {
            rows++;
        } else {
            flush();
        }
        return hasRow;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        flush();
        delegate.close();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public Statement getStatement() throws SQLException {
        return statement;
    }

    /** Reports the rows read so far, once. */
    void flush() {
        if (!reported) {
            reported = true;
            if (counted) {
                statement.resultMeters().resultSetRead(rows);
            }
        }
    }
}
