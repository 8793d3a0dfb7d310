package dev.jdbcmetrics.core;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection and transaction meters of one datasource, measured by the proxy itself so they work
 * for any pool: acquire and usage time, acquire failures, leaks, connections lent out, threads
 * waiting in {@code getConnection()}, and commits and rollbacks.
 *
 * <p>Every method is allocation-free and cannot fail: like {@link QueryMeters}, it only adds to
 * striped counters and histograms that the registry reads at scrape time.
 */
public final class ConnectionMeters {

    private final Meters meters;
    private final Histogram acquire;
    private final Histogram usage;
    private final LongAdder leaks;
    private final LongAdder commits;
    private final LongAdder rollbacks;
    private final Histogram commitDuration;
    private final Histogram rollbackDuration;
    private final AtomicReferenceArray<LongAdder> acquireFailuresByClass =
            new AtomicReferenceArray<>(SqlStateClass.COUNT);
    // Lent-out and waiting counts are differences of counts kept anyway (the acquire and usage
    // histograms count every lease's start and end), taken at scrape time: a borrow pays one
    // atomic add for them instead of five.
    private final LongAdder acquireStarts = new LongAdder();
    private final LongAdder failedAcquires = new LongAdder();

    private boolean borrowsPublished;
    private boolean transactionsPublished;

    ConnectionMeters(Meters meters) {
        this.meters = meters;
        this.acquire = new Histogram(HistogramUnit.SECONDS.recordedBounds(Buckets.ACQUIRE_SECONDS));
        this.usage = new Histogram(HistogramUnit.SECONDS.recordedBounds(Buckets.USAGE_SECONDS));
        this.leaks = meters.counter(MeterNames.CONNECTION_LEAKS,
                "Connections held past the leak threshold", meters.tags());
        this.commits = new LongAdder();
        this.rollbacks = new LongAdder();
        this.commitDuration = new Histogram(HistogramUnit.SECONDS.recordedBounds(Buckets.USAGE_SECONDS));
        this.rollbackDuration = new Histogram(HistogramUnit.SECONDS.recordedBounds(Buckets.USAGE_SECONDS));
    }

    /**
     * Publishes {@code db_connection_acquire_seconds} and {@code db_connection_usage_seconds}: called
     * by whatever will feed them (the wrapper's borrows, a pool's tracker), once or more. Until
     * then they are not registered, so a datasource whose borrows nobody sees shows no acquire
     * histogram rather than one that reads "never acquired".
     */
    public synchronized void measureBorrows() {
        if (!borrowsPublished) {
            borrowsPublished = true;
            meters.histogram(MeterNames.CONNECTION_ACQUIRE, "Time spent in getConnection()", HistogramUnit.SECONDS,
                    Buckets.ACQUIRE_SECONDS, meters.tags(), acquire);
            meters.histogram(MeterNames.CONNECTION_USAGE, "Time from getConnection() to close()",
                    HistogramUnit.SECONDS, Buckets.USAGE_SECONDS, meters.tags(), usage);
        }
    }

    /**
     * Publishes {@code db_transactions_total} and {@code db_transaction_duration_seconds}: called by
     * the JDBC wrappers, which see commits and rollbacks, once or more.
     */
    public synchronized void measureTransactions() {
        if (!transactionsPublished) {
            transactionsPublished = true;
            String txHelp = "Transactions ended by commit or rollback on a non-auto-commit connection";
            meters.counter(MeterNames.TRANSACTIONS, txHelp, meters.tags(MeterNames.TAG_OUTCOME, "commit"), commits,
                    LongAdder::sum);
            meters.counter(MeterNames.TRANSACTIONS, txHelp, meters.tags(MeterNames.TAG_OUTCOME, "rollback"), rollbacks,
                    LongAdder::sum);
            String txDurationHelp = "From a transaction's first statement to its commit or rollback";
            meters.histogram(MeterNames.TRANSACTION_DURATION, txDurationHelp, HistogramUnit.SECONDS,
                    Buckets.USAGE_SECONDS, meters.tags(MeterNames.TAG_OUTCOME, "commit"), commitDuration);
            meters.histogram(MeterNames.TRANSACTION_DURATION, txDurationHelp, HistogramUnit.SECONDS,
                    Buckets.USAGE_SECONDS, meters.tags(MeterNames.TAG_OUTCOME, "rollback"), rollbackDuration);
        }
    }

    /** A thread entered {@code getConnection()}; pair with {@link #acquired} or {@link #acquireFailed}. */
    public void acquireStarted() {
        acquireStarts.increment();
    }

    /** {@code getConnection()} returned a connection after {@code nanos}. */
    public void acquired(long nanos) {
        acquire.record(nanos);
    }

    /** {@code getConnection()} threw {@code failure} after {@code nanos} (counted by its SQLState class, if any). */
    public void acquireFailed(long nanos, Throwable failure) {
        failedAcquires.increment();
        acquire.record(nanos);
        acquireFailures(SqlStateClass.index(failure)).increment();
    }

    /** A lent-out connection was closed after {@code nanos} of use. */
    public void released(long nanos) {
        usage.record(nanos);
    }

    /**
     * For pools that report their own events (HikariCP's metrics tracker): a borrow took
     * {@code nanos}, waits that ended in a timeout included. Such pools publish their own
     * active and pending gauges instead of {@link #lentOut} and {@link #waiting}, which these
     * events would skew (both are derived from the acquire and usage counts).
     */
    public void poolAcquireTime(long nanos) {
        acquire.record(nanos);
    }

    /** For pools that report their own events: a borrow failed with {@code failure} (null: no SQLState). */
    public void poolAcquireFailed(Throwable failure) {
        acquireFailures(SqlStateClass.index(failure)).increment();
    }

    /** For pools that report their own events: a lease ended after {@code nanos}. */
    public void poolUsageTime(long nanos) {
        usage.record(nanos);
    }

    /** A connection was held past the leak threshold. */
    public void leaked() {
        leaks.increment();
    }

    /**
     * A transaction ended.
     *
     * @param committed true for commit, false for rollback
     * @param nanos     time since its first statement, 0 when it ran none
     */
    public void transactionEnded(boolean committed, long nanos) {
        (committed ? commits : rollbacks).increment();
        (committed ? commitDuration : rollbackDuration).record(nanos);
    }

    /** Connections lent out by this datasource now (gotten and not yet closed). */
    public long lentOut() {
        // Ends read before starts: a lease that starts and ends between the two reads shows as
        // lent out for this scrape, never as a negative count.
        long ended = usage.count();
        long started = acquire.count() - failedAcquires.sum();
        return Math.max(0, started - ended);
    }

    /** Threads inside {@code getConnection()} now: waiting for the pool or for the database. */
    public long waiting() {
        long finished = acquire.count();
        return Math.max(0, acquireStarts.sum() - finished);
    }

    private LongAdder acquireFailures(int classIndex) {
        LongAdder counter = acquireFailuresByClass.get(classIndex);
        return counter != null ? counter : firstAcquireFailure(classIndex);
    }

    // Locked for the reason OperationMeters.firstFailure gives.
    private synchronized LongAdder firstAcquireFailure(int classIndex) {
        LongAdder counter = acquireFailuresByClass.get(classIndex);
        if (counter == null) {
            counter = meters.counter(MeterNames.CONNECTION_ACQUIRE_FAILURES, "getConnection() calls that threw",
                    meters.tags(MeterNames.TAG_SQLSTATE_CLASS, SqlStateClass.label(classIndex)));
            acquireFailuresByClass.set(classIndex, counter);
        }
        return counter;
    }
}
