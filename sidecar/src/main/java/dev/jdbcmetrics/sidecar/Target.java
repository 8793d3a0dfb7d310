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
    private volatile boolean lastUp = true; // only for logging changes

    Target(String name, DataSource dataSource, List<TargetCollector> collectors) {
        this.name = name;
        this.dataSource = dataSource;
        this.collectors = List.copyOf(collectors);
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
                return down("the connection did not answer a validity check within 1 s");
            }
            changed(true, null);
            Map<String, TargetCollector.Result> results = new LinkedHashMap<>();
            for (TargetCollector collector : collectors) {
                results.put(collector.name(), collector.collect(connection, deadlineNanos));
            }
            return new Status(true, results);
        } catch (SQLException e) {
            // SQLState and class only: driver messages can carry host names and user names.
            return down("SQLState " + e.getSQLState() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Status down(String why) {
        changed(false, why);
        return Status.DOWN;
    }

    private void changed(boolean up, String why) {
        if (up != lastUp) {
            lastUp = up;
            if (up) {
                logger.info("target '{}' is reachable again", name);
            } else {
                logger.warn("target '{}' is down: {}", name, why);
            }
        }
    }
}
