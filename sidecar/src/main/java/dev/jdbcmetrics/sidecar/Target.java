package dev.jdbcmetrics.sidecar;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured database: its (metered) pool, the probe behind {@code db_up}, and the
 * collectors that run on it.
 */
final class Target {

    private static final Logger logger = LoggerFactory.getLogger(Target.class);

    /**
     * What one refresh saw.
     *
     * @param up      whether the probe succeeded
     * @param results per collector name, the result served for this scrape (empty when down)
     */
    record Status(boolean up, Map<String, TargetCollector.Result> results) {
        static final Status DOWN = new Status(false, Map.of());
    }

    private final String name;
    private final DataSource dataSource;
    private final List<TargetCollector> collectors;
    private final TargetHealth health;
    private final Redaction redaction;
    private volatile String lastProblem = ""; // only for logging changes; null while up

    Target(String name, DataSource dataSource, List<TargetCollector> collectors) {
        this(name, dataSource, collectors, new TargetHealth(), Redaction.NONE);
    }

    /**
     * @param health    the probes' history, kept across reloads
     * @param redaction hides the target's URL and password in logged messages
     */
    Target(String name, DataSource dataSource, List<TargetCollector> collectors,
           TargetHealth health, Redaction redaction) {
        this.name = name;
        this.dataSource = dataSource;
        this.collectors = List.copyOf(collectors);
        this.health = health;
        this.redaction = redaction;
    }

    TargetHealth health() {
        return health;
    }

    String name() {
        return name;
    }

    List<TargetCollector> collectors() {
        return collectors;
    }

    /**
     * Borrows one connection, checks it with {@code isValid}, and runs the collectors on it
     * (they serve their cache within {@code min_interval}). A target that cannot be reached
     * runs no collectors: {@code db_up} 0 says why their samples are missing.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value the collectors must finish by
     */
    Status refresh(long deadlineNanos) throws InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                return down(TargetHealth.TIMEOUT,
                        "the connection did not answer a validity check within 1 s", null);
            }
            health.succeeded();
            changed(null, null);
            Map<String, TargetCollector.Result> results = new LinkedHashMap<>();
            for (TargetCollector collector : collectors) {
                results.put(collector.name(), collector.collect(connection, deadlineNanos));
            }
            return new Status(true, results);
        } catch (SQLException e) {
            // The database's own words (a bad login, an unknown database), URL and password hidden.
            return down(TargetHealth.reason(e), redaction.describe(e), e);
        }
    }

    /** Counts a probe that did not finish before the scrape's deadline. */
    void timedOut() {
        health.failed(TargetHealth.TIMEOUT);
        changed("no answer before the scrape's deadline", null);
    }

    private Status down(String reason, String why, SQLException e) {
        health.failed(reason);
        changed(why, e);
        return Status.DOWN;
    }

    /** Logs when the target comes up, goes down, or fails for another reason than before. */
    private void changed(String problem, SQLException e) {
        String before = lastProblem;
        lastProblem = problem;
        if (problem == null) {
            if (before != null && !before.isEmpty()) {
                logger.info("target '{}' is reachable again", name);
            }
        } else if (!problem.equals(before)) {
            logger.warn("target '{}' is down: {}", name, problem);
            if (e != null) {
                logger.debug("stack trace of the failure of target '{}'", name, e); // --debug
            }
        }
    }
}
