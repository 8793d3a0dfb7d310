package dev.jdbcmetrics.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contains failures inside metric recording so that a query never sees them.
 *
 * <p>A registry or meter filter that throws must not change a query's result or exception. Every
 * such failure is counted; each kind (where it happened and the exception class) is logged once,
 * with its stack, and never again, so a broken registry cannot flood the log at query rate.
 */
public final class RecordingGuard {

    private static final Logger logger = LoggerFactory.getLogger(RecordingGuard.class);
    private static final int MAX_LOGGED_KINDS = 64;

    private final String datasource;
    private final LongAdder failures = new LongAdder();
    private final Set<String> loggedKinds = ConcurrentHashMap.newKeySet();

    /** A guard for one datasource, named in its log lines. */
    public RecordingGuard(String datasource) {
        this.datasource = datasource;
    }

    /**
     * Records that metric recording failed.
     *
     * @param where what was being recorded, e.g. {@code "query"}
     * @param failure what was thrown
     */
    public void failed(String where, Throwable failure) {
        failures.increment();
        try {
            String kind = where + ':' + failure.getClass().getName();
            if (loggedKinds.size() < MAX_LOGGED_KINDS && loggedKinds.add(kind)) {
                logger.warn("jdbc-metrics: recording {} metrics for datasource '{}' failed; the query is"
                        + " unaffected. Further failures of this kind are counted in {} but not logged.",
                        where, datasource, MeterNames.RECORDING_ERRORS, failure);
            }
        } catch (RuntimeException ignored) {
            // Logging is best effort: the query must go on whatever the logger does.
        }
    }

    /** How many distinct kinds of failure were logged (each once). */
    public int loggedKinds() {
        return loggedKinds.size();
    }

    /** How many recording failures this guard has contained. */
    public long failures() {
        return failures.sum();
    }
}
