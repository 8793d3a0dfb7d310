package dev.jdbcmetrics.it.support;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A database server the integration tests can log in to, as resolved by {@link TestDatabases}.
 *
 * @param name which slot this serves: {@code postgres}, {@code mysql} (Connector/J) or
 *     {@code mariadb} (MariaDB Connector/J)
 * @param jdbcUrl the plain JDBC URL (no {@code jdbc:metrics:} prefix)
 * @param user the login
 * @param password the login's password; never printed by {@link #toString()}
 * @param origin where the server came from
 */
public record DatabaseEndpoint(String name, String jdbcUrl, String user, String password, Origin origin) {

    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(120);

    /** Where a {@link DatabaseEndpoint} was found, in the order {@link TestDatabases} tries them. */
    public enum Origin {
        /** The {@code JDBC_METRICS_IT_*_URL} environment variables. */
        ENVIRONMENT,
        /** A container started through Testcontainers. */
        TESTCONTAINERS,
        /** The server on this machine's loopback that {@code scripts/setup-test-env.sh} provides. */
        LOCAL
    }

    /** Checks that every component is present. */
    public DatabaseEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * Returns whether this is the local server, which {@link #stop()} and {@link #start()} can control.
     *
     * @return true for {@link Origin#LOCAL}
     */
    public boolean local() {
        return origin == Origin.LOCAL;
    }

    /**
     * Opens a plain (unmetered) connection.
     *
     * @return a new connection; the caller closes it
     * @throws SQLException as the driver throws it
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Starts a HikariCP configuration for a pool on this server; the caller adds what its test needs.
     *
     * @param poolName the pool's name (also the {@code datasource} label the tests give it)
     * @param maxSize the pool's maximum size
     * @return a configuration with the URL, the login, the name and the maximum size set
     */
    public HikariConfig hikariConfig(String poolName, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxSize);
        return config;
    }

    /**
     * Stops the local server and returns once it no longer accepts connections. Idempotent.
     * The MySQL and MariaDB slots share one server: stopping one stops both.
     *
     * @throws IllegalStateException if this is not the local server, or the script fails
     */
    public void stop() {
        control("stop");
    }

    /**
     * Starts the local server and returns once it accepts connections. Idempotent.
     *
     * @throws IllegalStateException if this is not the local server, or the script fails
     */
    public void start() {
        control("start");
    }

    private void control(String action) {
        if (!local()) {
            throw new IllegalStateException("cannot " + action + " the " + name + " server from " + origin
                    + ": only the local server (127.0.0.1, scripts/db-ctl.sh) can be stopped and started;"
                    + " unset JDBC_METRICS_IT_*_URL and run on a machine prepared by sudo scripts/setup-test-env.sh");
        }
        String service = name.equals("postgres") ? "postgres" : "mariadb";
        ExternalCommand.Result result = ExternalCommand.run(CONTROL_TIMEOUT, RepoPaths.root(),
                List.of("bash", "scripts/db-ctl.sh", service, action));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("could not " + action + " " + service + ": " + result.describe());
        }
    }

    /** Describes the endpoint without its password. */
    @Override
    public String toString() {
        return name + "[" + jdbcUrl + " as " + user + ", " + origin + "]";
    }
}
