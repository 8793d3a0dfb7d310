package dev.jdbcmetrics.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of this repository (scripts, deploy configuration) from a test's working directory. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /**
     * Returns the repository root: the nearest directory, from the working directory upwards,
     * that holds both {@code scripts/db-ctl.sh} and {@code deploy/}.
     *
     * @return the absolute root path
     * @throws IllegalStateException if the tests do not run inside a checkout
     */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/db-ctl.sh")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the jdbc-metrics checkout (scripts/db-ctl.sh and deploy/) above "
                + start + ": run the integration tests from within the repository");
    }

    /**
     * Resolves a path relative to the repository root.
     *
     * @param relative e.g. {@code deploy/prometheus/alerts.yml}
     * @return the absolute path (not checked for existence)
     */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
