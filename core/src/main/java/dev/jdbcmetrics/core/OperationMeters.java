package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlAnalysis;
import dev.jdbcmetrics.core.sql.SqlOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The query meters of one datasource, operation and table, registered once and then only
 * incremented: the per-statement path never builds tags or looks a meter up.
 */
final class OperationMeters {

    final String operation;
    final String table;
    final Counter executed;
    final Timer succeeded;
    final Timer errored;
    final Counter rowsReturned;
    final DistributionSummary rowsPerResultSet;
    final Counter rowsAffected;
    final Counter slow;
    final long slowNanos;
    final SlowQueryLog slowLog;
    final RecordingGuard guard;

    private final Meters meters;
    private final Tags tags;
    private final AtomicReferenceArray<Counter> failedByClass = new AtomicReferenceArray<>(SqlStateClass.COUNT);

    private OperationMeters(Meters meters, Tags tags, String operation, String table, long slowNanos,
            SlowQueryLog slowLog, RecordingGuard guard, Counter executed, Timer succeeded, Timer errored,
            Counter rowsReturned, DistributionSummary rowsPerResultSet, Counter rowsAffected, Counter slow) {
        this.meters = meters;
        this.tags = tags;
        this.operation = operation;
        this.table = table;
        this.slowNanos = slowNanos;
        this.slowLog = slowLog;
        this.guard = guard;
        this.executed = executed;
        this.succeeded = succeeded;
        this.errored = errored;
        this.rowsReturned = rowsReturned;
        this.rowsPerResultSet = rowsPerResultSet;
        this.rowsAffected = rowsAffected;
        this.slow = slow;
    }

    /** Registers the meters of one operation and table. */
    static OperationMeters register(Meters meters, Tags tags, String operation, String table,
            MetricsConfig config, SlowQueryLog slowLog, RecordingGuard guard) {
        String durationHelp = "Wall time of the execute call";
        return new OperationMeters(meters, tags, operation, table, config.slowQueryThreshold().toNanos(),
                slowLog, guard,
                meters.counter(MeterNames.QUERIES_EXECUTED, "Statement executions, failed ones included", tags),
                meters.histogram(MeterNames.QUERY_DURATION, durationHelp, config.durationBuckets(),
                        tags.and(MeterNames.TAG_OUTCOME, "success")),
                meters.histogram(MeterNames.QUERY_DURATION, durationHelp, config.durationBuckets(),
                        tags.and(MeterNames.TAG_OUTCOME, "error")),
                meters.counter(MeterNames.ROWS_RETURNED, "Rows read through ResultSet.next()", tags),
                meters.summary(MeterNames.QUERY_ROWS, "Rows read per result set", "rows",
                        MetricsConfig.ROW_BUCKETS, tags),
                meters.counter(MeterNames.ROWS_AFFECTED, "Sum of non-negative update counts, batches included", tags),
                meters.counter(MeterNames.SLOW_QUERIES, "Executions slower than the slow-query threshold", tags));
    }

    /**
     * Meters that record nothing, for SQL whose meters could not be registered (a failing
     * registry): the query goes on, unmeasured, and the failure was already reported.
     */
    static OperationMeters noop(MetricsConfig config, SlowQueryLog slowLog, RecordingGuard guard) {
        Meter.Id id = new Meter.Id("noop", Tags.empty(), null, null, Meter.Type.OTHER);
        return new OperationMeters(null, Tags.empty(), SqlOperation.OTHER.label(), SqlAnalysis.NO_TABLE,
                Long.MAX_VALUE, slowLog, guard, new NoopCounter(id), new NoopTimer(id), new NoopTimer(id),
                new NoopCounter(id), new NoopDistributionSummary(id), new NoopCounter(id), new NoopCounter(id));
    }

    /** The failure counter for a SQLState class index, registered on first use. */
    Counter failed(int classIndex) {
        if (meters == null) {
            return executed; // the no-op set: any of its no-op counters will do
        }
        Counter counter = failedByClass.get(classIndex);
        if (counter == null) {
            counter = meters.counter(MeterNames.QUERIES_FAILED, "Executions that threw SQLException",
                    tags.and(MeterNames.TAG_SQLSTATE_CLASS, SqlStateClass.label(classIndex)));
            failedByClass.compareAndSet(classIndex, null, counter);
        }
        return counter;
    }
}
