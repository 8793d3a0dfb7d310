package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.MetricType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder errors = new LongAdder();
    private volatile Result last = Result.NEVER_RUN;
    private String lastProblem; // guarded by lock; logged once per change, not once per scrape

    TargetCollector(String target, CollectorConfig config, QueryWatchdog watchdog) {
        this.target = target;
        this.config = config;
        this.watchdog = watchdog;
    }

    String name() {
        return config.name();
    }

    CollectorConfig config() {
        return config;
    }

    /** @return failed queries since start */
    long errors() {
        return errors.sum();
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

    private Result run(Connection connection, long deadlineNanos) {
        long start = System.nanoTime();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        String problem = null;
        for (MetricConfig metric : config.metrics()) {
            try {
                samples.put(metric.name(), query(connection, metric, deadlineNanos, start));
            } catch (CollectorException e) {
                errors.increment();
                problem = problem == null ? e.getMessage() : problem;
            }
        }
        report(problem);
        return new Result(java.util.Collections.unmodifiableMap(samples), problem == null,
                (System.nanoTime() - start) / 1e9, start, problem);
    }

    private List<Sample> query(Connection connection, MetricConfig metric, long deadlineNanos,
                               long start) throws CollectorException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(metric, start);
        }
        try (Statement statement = connection.createStatement()) {
            // Whole seconds, rounded up: the watchdog below enforces the exact deadline.
            statement.setQueryTimeout((int) Math.max(1,
                    Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(remaining) + 1)));
            try (QueryWatchdog.Watch watch = watchdog.watch(statement, deadlineNanos)) {
                try (ResultSet rows = statement.executeQuery(metric.query())) {
                    return samples(metric, rows);
                } catch (SQLException e) {
                    if (watch.fired()) {
                        throw timedOut(metric, start);
                    }
                    throw failed(metric, e);
                }
            }
        } catch (SQLException e) {
            throw failed(metric, e);
        }
    }

    private List<Sample> samples(MetricConfig metric, ResultSet rows)
            throws SQLException, CollectorException {
        Map<String, Integer> columns = columns(rows.getMetaData());
        int[] labelColumns = new int[metric.labels().size()];
        for (int i = 0; i < labelColumns.length; i++) {
            labelColumns[i] = column(metric, columns, metric.labels().get(i), "labels");
        }
        int valueColumn = column(metric, columns, metric.value(), "value");
        List<Sample> samples = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        while (rows.next()) {
            Object raw = rows.getObject(valueColumn);
            if (raw == null) {
                continue; // as sql_exporter: a NULL value is no sample, not an error
            }
            List<String> labelValues = new ArrayList<>(labelColumns.length);
            for (int column : labelColumns) {
                String value = rows.getString(column);
                labelValues.add(value == null ? "" : value);
            }
            if (!seen.add(labelValues)) {
                throw new CollectorException(where(metric) + " returned two rows with the same"
                        + " values in the label columns " + metric.labels());
            }
            samples.add(new Sample(labelValues, number(metric, raw)));
        }
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

    private int column(MetricConfig metric, Map<String, Integer> columns, String name, String key)
            throws CollectorException {
        Integer index = columns.get(name.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new CollectorException(where(metric) + ": column '" + name + "' named by '" + key
                    + "' is not in the query result (columns: "
                    + String.join(", ", new java.util.TreeSet<>(columns.keySet())) + ")");
        }
        return index;
    }

    private double number(MetricConfig metric, Object raw) throws CollectorException {
        double value = parse(metric, raw);
        if (metric.type() == MetricType.COUNTER && !(value >= 0)) {
            throw new CollectorException(where(metric) + ": a counter cannot take the negative or"
                    + " NaN value " + value + " from column '" + metric.value() + "'");
        }
        return value;
    }

    private double parse(MetricConfig metric, Object raw) throws CollectorException {
        if (raw instanceof Number number) {
            return number.doubleValue();
        }
        if (raw instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            // The value itself stays out of the message: it is data from the database.
            throw new CollectorException(where(metric) + ": column '" + metric.value()
                    + "' holds a " + raw.getClass().getSimpleName() + " that is not a number");
        }
    }

    private CollectorException timedOut(MetricConfig metric, long start) {
        return new CollectorException(where(metric) + " timed out after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (collector"
                + " timeout " + config.timeout().toMillis() + " ms, or the scrape's deadline)");
    }

    private CollectorException failed(MetricConfig metric, SQLException e) {
        // SQLState and class only: driver messages may quote data from the database.
        logger.debug("{} failed: {}", where(metric), e.getMessage());
        return new CollectorException(where(metric) + " failed: SQLState " + e.getSQLState()
                + ", error code " + e.getErrorCode() + " (" + e.getClass().getSimpleName() + ")");
    }

    private String where(MetricConfig metric) {
        return "metric '" + metric.name() + "' of collector '" + config.name() + "' on target '"
                + target + "'";
    }

    private void report(String problem) {
        if (problem != null && !problem.equals(lastProblem)) {
            logger.warn("{}", problem);
        } else if (problem == null && lastProblem != null) {
            logger.info("collector '{}' on target '{}' works again", config.name(), target);
        }
        lastProblem = problem;
    }

    /** A query that produced no samples, with a message fit for the log. */
    static final class CollectorException extends Exception {
        CollectorException(String message) {
            super(message, null, false, false);
        }
    }
}
