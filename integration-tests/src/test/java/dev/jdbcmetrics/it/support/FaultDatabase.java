package dev.jdbcmetrics.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A database server the fault tests may stop and start at will: a dedicated instance run by
 * {@code scripts/fault-db.sh} on its own port, never the shared test servers other tests use.
 *
 * <pre>{@code
 * FaultDatabase pg = FaultDatabase.POSTGRES;
 * pg.start();
 * ... pg.stop(); ... pg.start();
 * }</pre>
 */
public enum FaultDatabase {

    /** PostgreSQL on 127.0.0.1:5433, trust authentication. */
    POSTGRES("postgres", "jdbc:postgresql://127.0.0.1:5433/postgres?connectTimeout=2&socketTimeout=30",
            "postgres", ""),
    /** MariaDB on 127.0.0.1:3307, user and database {@code faults}. */
    MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3307/faults?connectTimeout=2000&socketTimeout=30000",
            "faults", "faults");

    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(120);

    private final String service;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    FaultDatabase(String service, String jdbcUrl, String user, String password) {
        this.service = service;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Returns the plain JDBC URL. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Returns the login. */
    public String user() {
        return user;
    }

    /** Returns the login's password. */
    public String password() {
        return password;
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

    /** Starts the server (creating it on first use) and returns once it accepts connections. */
    public void start() {
        control("start");
    }

    /** Stops the server, cutting open sessions, and returns once it is gone. */
    public void stop() {
        control("stop");
    }

    /** Crashes the server: it dies at once without a word to its clients. Start it again with {@link #start()}. */
    public void crash() {
        control("kill");
    }

    private void control(String action) {
        ExternalCommand.Result result = ExternalCommand.run(CONTROL_TIMEOUT, RepoPaths.root(),
                List.of("bash", "scripts/fault-db.sh", service, action));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("could not " + action + " the dedicated " + service
                    + " server (the fault tests need PostgreSQL and MariaDB server binaries and root:"
                    + " sudo scripts/setup-test-env.sh): " + result.describe());
        }
    }

    @Override
    public String toString() {
        return service + "[" + jdbcUrl + " as " + user + "]";
    }
}
