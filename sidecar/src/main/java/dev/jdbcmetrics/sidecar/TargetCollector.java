package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.QueryConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collector running on one target: runs the collector's queries, turns rows into samples,
 * serves cached samples within {@code min_interval}, and keeps its own error count and timing.
 */
final class TargetCollector {

    private static final Logger logger = LoggerFactory.getLogger(TargetCollector.class);

    /**
     * What the last run produced.
     *
     * @param samples         per metric name, the samples of the metrics whose query succeeded
     * @param up              whether every query succeeded
     * @param durationSeconds how long the run took; NaN before the first run
     * @param ranAtNanos      when the run started ({@link System#nanoTime()})
     * @param problem         the first failure of the run, fit for a log line; null when up
     */
    record Result(Map<String, List<Sample>> samples, boolean up, double durationSeconds,
                  long ranAtNanos, String problem) {

        static final Result NEVER_RUN = new Result(Map.of(), false, Double.NaN, 0, "not run yet");

        boolean ran() {
            return !Double.isNaN(durationSeconds);
        }
    }

    private final String target;
    private final CollectorConfig config;
    private final QueryWatchdog watchdog;
    private final CollectorErrors errors;
    private final Redaction redaction;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Result last = Result.NEVER_RUN;
    private String lastProblem; // guarded by lock; logged once per change, not once per scrape

    TargetCollector(String target, CollectorConfig config, QueryWatchdog watchdog) {
        this(target, config, watchdog, new CollectorErrors(), Redaction.NONE);
    }

    /**
     * @param errors    this collector's error counts on this target, kept across reloads
     * @param redaction hides the target's URL and password in logged messages
     */
    TargetCollector(String target, CollectorConfig config, QueryWatchdog watchdog,
                    CollectorErrors errors, Redaction redaction) {
        this.target = target;
        this.config = config;
        this.watchdog = watchdog;
        this.errors = errors;
        this.redaction = redaction;
    }

    String name() {
        return config.name();
    }

    CollectorConfig config() {
        return config;
    }

    /** @return failed queries and rejected values since start, every kind */
    long errors() {
        return errors.total();
    }

    /** @return the error counts by kind */
    CollectorErrors errorCounts() {
        return errors;
    }

    /** @return the last run's result, without running */
    Result last() {
        return last;
    }

    /**
     * Serves the cached result while it is younger than {@code min_interval}, else runs the
     * queries on {@code connection}, each bounded by the collector's timeout and by
     * {@code deadlineNanos}. When another scrape is running this collector and does not finish
     * before the deadline, the previous result is served.
     */
    Result collect(Connection connection, long deadlineNanos) throws InterruptedException {
        if (isFresh(last)) {
            return last;
        }
        if (!lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return last;
        }
        try {
            if (isFresh(last)) {
                return last; // a concurrent scrape refreshed it while we waited
            }
            last = run(connection, Math.min(deadlineNanos,
                    System.nanoTime() + config.timeout().toNanos()));
            return last;
        } finally {
            lock.unlock();
        }
    }

    private boolean isFresh(Result result) {
        // Failed runs are never cached: the next scrape tries again.
        return result.up() && !config.minInterval().isZero()
                && System.nanoTime() - result.ranAtNanos() < config.minInterval().toNanos();
    }

    /** Runs each distinct query once; every metric reading it gets its samples from the rows. */
    private Result run(Connection connection, long deadlineNanos) {
        long start = System.nanoTime();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        CollectorException first = null;
        for (QueryConfig query : config.queries()) {
            List<MetricConfig> readers = config.metrics().stream()
                    .filter(m -> m.query().equals(query)).toList();
            List<CollectorException> failures = new ArrayList<>();
            try {
                samples.putAll(query(connection, query, readers, deadlineNanos, start, failures));
            } catch (CollectorException e) {
                failures.add(e);
            }
            for (CollectorException failure : failures) {
                errors.add(failure.kind(), 1);
                first = first == null ? failure : first;
            }
        }
        report(first);
        String problem = first == null ? null : first.getMessage();
        return new Result(Collections.unmodifiableMap(samples), problem == null,
                (System.nanoTime() - start) / 1e9, start, problem);
    }

    /**
     * @param failures collects the metrics whose rows did not fit (the others keep their samples)
     * @throws CollectorException when the query itself failed: none of its metrics has samples
     */
    private Map<String, List<Sample>> query(Connection connection, QueryConfig query,
                                            List<MetricConfig> readers, long deadlineNanos,
                                            long start, List<CollectorException> failures)
            throws CollectorException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(query, readers, start);
        }
        try (Statement statement = connection.createStatement()) {
            // Whole seconds, rounded up: the watchdog below enforces the exact deadline.
            statement.setQueryTimeout((int) Math.max(1,
                    Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(remaining) + 1)));
            try (QueryWatchdog.Watch watch = watchdog.watch(statement, deadlineNanos)) {
                try (ResultSet rows = statement.executeQuery(query.sql())) {
                    return read(rows, readers, failures);
                } catch (SQLException e) {
                    if (watch.fired()) {
                        throw timedOut(query, readers, start);
                    }
                    throw failed(query, readers, e);
                }
            }
        } catch (SQLException e) {
            throw failed(query, readers, e);
        }
    }

    private Map<String, List<Sample>> read(ResultSet rows, List<MetricConfig> readers,
                                           List<CollectorException> failures)
            throws SQLException {
        Map<String, Integer> columns = columns(rows.getMetaData());
        Map<MetricConfig, MetricRows> live = new LinkedHashMap<>();
        for (MetricConfig metric : readers) {
            try {
                live.put(metric, new MetricRows(metric, where(metric), columns));
            } catch (CollectorException e) {
                failures.add(e);
            }
        }
        while (!live.isEmpty() && rows.next()) {
            for (Iterator<Map.Entry<MetricConfig, MetricRows>> it = live.entrySet().iterator();
                 it.hasNext(); ) {
                try {
                    it.next().getValue().accept(rows);
                } catch (CollectorException e) {
                    failures.add(e);
                    it.remove(); // only this metric loses its samples
                }
            }
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        live.forEach((metric, reader) -> {
            samples.put(metric.name(), reader.samples());
            errors.add(CollectorErrors.Kind.NULL_VALUE, reader.nulls());
        });
        return samples;
    }

    private static Map<String, Integer> columns(ResultSetMetaData meta) throws SQLException {
        // Case-insensitive: PostgreSQL folds unquoted names to lower case, H2 to upper case.
        Map<String, Integer> columns = new HashMap<>();
        for (int i = meta.getColumnCount(); i >= 1; i--) {
            columns.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
        return columns;
    }

    private CollectorException timedOut(QueryConfig query, List<MetricConfig> readers,
                                        long start) {
        return new CollectorException(where(query, readers) + " timed out after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (collector"
                + " timeout " + config.timeout().toMillis() + " ms, or the scrape's deadline)",
                CollectorErrors.Kind.TIMEOUT, null);
    }

    private CollectorException failed(QueryConfig query, List<MetricConfig> readers,
                                      SQLException e) {
        // The database's own words: the SQL is the operator's, its errors are what they need.
        return new CollectorException(where(query, readers) + " failed: "
                + redaction.describe(e), CollectorErrors.Kind.QUERY, e);
    }

    private String where(QueryConfig query, List<MetricConfig> readers) {
        if (readers.size() == 1 && readers.get(0).name().equals(query.name())) {
            return where(readers.get(0));
        }
        return "query '" + query.name() + "' (metrics " + String.join(", ",
                readers.stream().map(MetricConfig::name).toList()) + ") of collector '"
                + config.name() + "' on target '" + target + "'";
    }

    private String where(MetricConfig metric) {
        return "metric '" + metric.name() + "' of collector '" + config.name() + "' on target '"
                + target + "'";
    }

    private void report(CollectorException failure) {
        String problem = failure == null ? null : failure.getMessage();
        if (problem != null && !problem.equals(lastProblem)) {
            logger.warn("{}", problem);
            if (failure.getCause() != null) {
                logger.debug("stack trace of: {}", problem, failure.getCause()); // --debug
            }
        } else if (problem == null && lastProblem != null) {
            logger.info("collector '{}' on target '{}' works again", config.name(), target);
        }
        lastProblem = problem;
    }

    /** A query or a metric that produced no samples, with a message fit for the log. */
    static final class CollectorException extends Exception {
        private final CollectorErrors.Kind kind;

        CollectorException(String message, CollectorErrors.Kind kind) {
            this(message, kind, null);
        }

        CollectorException(String message, CollectorErrors.Kind kind, Throwable cause) {
            super(message, cause, false, false);
            this.kind = kind;
        }

        CollectorErrors.Kind kind() {
            return kind;
        }
    }
}
