package dev.jdbcmetrics.core;

import dev.jdbcmetrics.core.sql.SqlAnalysis;
import dev.jdbcmetrics.core.sql.SqlOperation;
import io.micrometer.core.instrument.Tags;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The query meters of one datasource, operation and table, created once and then only
 * incremented: the per-statement path never builds tags, looks a meter up or calls the registry.
 */
final class OperationMeters {

    final String operation;
    final String table;
    final Histogram succeeded;
    /** Under {@link Naming#PROMETHEUS} every failure; under OTEL those without a SQLState or error type. */
    final Histogram errored;
    final Histogram rowsPerResultSet;
    final LongAdder rowsAffected;
    final LongAdder slow;
    final long slowNanos;
    final SlowQueryLog slowLog;

    private final Meters meters;
    private final Tags tags;
    private final SeriesBudget budget;
    /** Whether failures are told apart by {@code error.type} ({@link Naming#OTEL} on a published group). */
    private final boolean byErrorType;
    private final AtomicReferenceArray<LongAdder> failedByClass = new AtomicReferenceArray<>(SqlStateClass.COUNT);
    /** Under {@link Naming#OTEL}: failure durations by {@code error.type}, at most {@link #MAX_ERROR_TYPES}. */
    private final Map<String, Histogram> erroredByType = new ConcurrentHashMap<>();
    private final double[] durationBuckets;
    private final boolean nativeHistograms;
    private static final int MAX_ERROR_TYPES = 32;
    private boolean otherErrorsPublished;
    private static final String DURATION_HELP = "Wall time of the execute call";

    private OperationMeters(Meters meters, Tags tags, String operation, String table, MetricsConfig config,
            SlowQueryLog slowLog, SeriesBudget budget) {
        this.meters = meters;
        this.tags = tags;
        this.budget = budget;
        this.byErrorType = meters != null && meters.naming() == Naming.OTEL;
        this.operation = operation;
        this.table = table;
        this.slowNanos = config.slowQueryThreshold().toNanos();
        this.slowLog = slowLog;
        this.durationBuckets = config.durationBuckets();
        this.nativeHistograms = config.nativeHistograms();
        this.succeeded = durationHistogram(durationTags("success", "", ""));
        // Under OTEL, failures go to one histogram per error type (errored(Throwable)); this one is
        // published only once their number reaches the bound, for the rest.
        this.errored = byErrorType
                ? Meters.newDurationHistogram(durationBuckets, nativeHistograms)
                : durationHistogram(durationTags("error", "other", ""));
        this.rowsPerResultSet = histogram(MeterNames.QUERY_ROWS, "Rows read per result set",
                HistogramUnit.ROWS, MetricsConfig.ROW_BUCKETS, tags);
        // Executions and rows returned are counted by the histograms already: read there at
        // scrape time rather than paying an atomic add each per query.
        derivedCounter(MeterNames.QUERIES_EXECUTED, "Statement executions, failed ones included", tags,
                m -> m.succeeded.count() + m.errored.count());
        derivedCounter(MeterNames.ROWS_RETURNED, "Rows read through ResultSet.next()", tags,
                m -> m.rowsPerResultSet.sum());
        this.rowsAffected = counter(MeterNames.ROWS_AFFECTED, "Sum of non-negative update counts, batches included",
                tags);
        this.slow = counter(MeterNames.SLOW_QUERIES, "Executions slower than the slow-query threshold", tags);
    }

    /**
     * The duration tags: {@code outcome} in the Prometheus naming; in the OpenTelemetry one also
     * {@code error.type} and {@code db.response.status_code} (MetricNames drops {@code outcome}).
     */
    private Tags durationTags(String outcome, String errorType, String statusCode) {
        Tags withOutcome = tags.and(MeterNames.TAG_OUTCOME, outcome);
        return !byErrorType ? withOutcome
                : withOutcome.and(MetricNames.OTEL_ERROR_TYPE, errorType, MetricNames.OTEL_STATUS_CODE, statusCode);
    }

    /**
     * Where a failed execution's duration goes: {@link #errored}, or under {@link Naming#OTEL} the
     * histogram of its SQLState (else its exception class), created on first use. Only called
     * when an execution failed, never on the success path.
     */
    Histogram errored(Throwable failure) {
        if (!byErrorType || failure == null) {
            return errored;
        }
        String sqlState = failure instanceof SQLException e ? validSqlState(e.getSQLState()) : null;
        String errorType = sqlState != null ? sqlState : failure.getClass().getName();
        Histogram histogram = erroredByType.get(errorType);
        return histogram != null ? histogram : firstErrorOfType(errorType, sqlState);
    }

    private synchronized Histogram firstErrorOfType(String errorType, String sqlState) {
        Histogram histogram = erroredByType.get(errorType);
        if (histogram == null) {
            if (erroredByType.size() >= MAX_ERROR_TYPES || (budget != null
                    && !budget.tryReserve(SeriesBudget.histogramSeries(durationBuckets.length)))) {
                // bounded (by kinds, and by the series budget, which holds this group's error
                // histogram already): further kinds count as error.type="other", published on the first
                if (!otherErrorsPublished) {
                    otherErrorsPublished = true;
                    meters.histogram(MeterNames.QUERY_DURATION, DURATION_HELP, HistogramUnit.SECONDS, durationBuckets,
                            durationTags("error", "other", ""), errored);
                }
                return errored;
            }
            histogram = durationHistogram(durationTags("error", errorType, sqlState != null ? sqlState : ""));
            erroredByType.put(errorType, histogram);
        }
        return histogram;
    }

    private static String validSqlState(String state) {
        if (state == null || state.length() != 5) {
            return null;
        }
        for (int i = 0; i < 5; i++) {
            char c = state.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
                return null;
            }
        }
        return state;
    }

    private LongAdder counter(String name, String description, Tags tags) {
        return meters == null ? new LongAdder() : meters.counter(name, description, tags);
    }

    private void derivedCounter(String name, String description, Tags tags, ToDoubleFunction<OperationMeters> count) {
        if (meters != null) {
            meters.counter(name, description, tags, this, count);
        }
    }

    private Histogram durationHistogram(Tags tags) {
        return meters == null ? new Histogram(HistogramUnit.SECONDS.recordedBounds(durationBuckets))
                : meters.durationHistogram(MeterNames.QUERY_DURATION, DURATION_HELP, durationBuckets, tags,
                        nativeHistograms);
    }

    private Histogram histogram(String name, String description, HistogramUnit unit, double[] bounds, Tags tags) {
        return meters == null ? new Histogram(unit.recordedBounds(bounds)) : meters.histogram(name, description, unit,
                bounds, tags);
    }

    /** Creates and publishes the meters of one operation and table. */
    static OperationMeters register(Meters meters, Tags tags, String operation, String table, MetricsConfig config,
            SlowQueryLog slowLog, SeriesBudget budget) {
        return new OperationMeters(meters, tags, operation, table, config, slowLog, budget);
    }

    /**
     * Meters that no registry sees, for SQL that could not be resolved: the query goes on,
     * unmeasured, and the failure was already reported.
     */
    static OperationMeters unpublished(MetricsConfig config, SlowQueryLog slowLog) {
        return new OperationMeters(null, Tags.empty(), SqlOperation.OTHER.label(), SqlAnalysis.NO_TABLE, config,
                slowLog, null);
    }

    /** The failure counter for a SQLState class index, published on first use. */
    LongAdder failed(int classIndex) {
        LongAdder counter = failedByClass.get(classIndex);
        return counter != null ? counter : firstFailure(classIndex);
    }

    // Locked so that the counter kept is the one registered: two threads racing to register would
    // each get the registry's first meter, bound to one of two counters, and could keep the other.
    private synchronized LongAdder firstFailure(int classIndex) {
        LongAdder counter = failedByClass.get(classIndex);
        if (counter == null && budget != null && !budget.tryReserve(1)) {
            // No series left for this class: the failure is still in the executions and the
            // error-outcome duration; the overflow counter says a breakdown was lost.
            counter = budget.overflow();
            failedByClass.set(classIndex, counter);
        } else if (counter == null) {
            counter = counter(MeterNames.QUERIES_FAILED, "Executions that threw SQLException",
                    tags.and(MeterNames.TAG_SQLSTATE_CLASS, SqlStateClass.label(classIndex)));
            failedByClass.set(classIndex, counter);
        }
        return counter;
    }
}
