package dev.jdbcmetrics.sidecar;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * What the probes of one target saw over time: {@code db_target_last_success_timestamp_seconds}
 * and {@code db_target_probe_failures_total{reason}}. Kept by the sidecar across reloads, so
 * neither resets when the configuration changes.
 */
final class TargetHealth {

    /** The probe did not answer in time: pool wait, validity check or the scrape's deadline. */
    static final String TIMEOUT = "timeout";
    /** Nothing listens at the target's address. */
    static final String REFUSED = "refused";
    /** A failure without an SQLState. */
    static final String NONE = "none";

    private static final Pattern SQLSTATE_CLASS = Pattern.compile("[0-9A-Z]{2}");

    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private volatile long lastSuccessMillis;

    void succeeded() {
        lastSuccessMillis = System.currentTimeMillis();
    }

    void failed(String reason) {
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** @return the wall-clock time of the last successful probe in seconds; 0 before the first */
    double lastSuccessSeconds() {
        return lastSuccessMillis / 1000.0;
    }

    /** @return failed probes by reason, reasons sorted */
    Map<String, Long> failures() {
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /**
     * The bounded {@code reason} of a failed probe: {@code refused} when the connection was
     * refused, {@code timeout} when something timed out, else the SQLState class (the first two
     * characters, {@code 28} for a bad login, {@code 08} for other connection failures), or
     * {@code none} when there is no SQLState.
     */
    static String reason(SQLException e) {
        String state = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConnectException) {
                return REFUSED;
            }
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        if (state == null) {
            // HikariCP's "request timed out" carries no SQLState when nothing went wrong below it.
            return e instanceof SQLTransientConnectionException ? TIMEOUT : NONE;
        }
        String stateClass = state.length() >= 2 ? state.substring(0, 2) : state;
        return SQLSTATE_CLASS.matcher(stateClass).matches() ? stateClass : NONE;
    }
}
