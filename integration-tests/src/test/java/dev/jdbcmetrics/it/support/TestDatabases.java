package dev.jdbcmetrics.it.support;

import dev.jdbcmetrics.it.support.DatabaseEndpoint.Origin;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The databases the integration tests run against, resolved once per JVM in the order
 * {@code DESIGN.md} fixes:
 * <ol>
 *   <li>{@code JDBC_METRICS_IT_POSTGRES_URL} / {@code JDBC_METRICS_IT_MYSQL_URL} (with
 *       {@code _USER} and {@code _PASSWORD}) when set;</li>
 *   <li>else Testcontainers ({@code postgres:16-alpine}, {@code mysql:8.4}) when a Docker
 *       engine answers;</li>
 *   <li>else the local servers on 127.0.0.1:5432 and 127.0.0.1:3306 with the
 *       {@code jdbcmetrics} logins that {@code scripts/setup-test-env.sh} creates.</li>
 * </ol>
 * A database that cannot be reached fails the test with a message saying how to provide one;
 * it never skips.
 *
 * <pre>{@code
 * DatabaseEndpoint pg = TestDatabases.postgres();
 * try (Connection c = pg.connect()) { ... }
 * }</pre>
 */
public final class TestDatabases {

    static final String POSTGRES_ENV = "JDBC_METRICS_IT_POSTGRES_URL";
    static final String MYSQL_ENV = "JDBC_METRICS_IT_MYSQL_URL";

    private static final String LOCAL_DB = "jdbcmetrics";
    private static final String LOCAL_USER = "jdbcmetrics";
    private static final String LOCAL_PASSWORD = "jdbcmetrics";
    private static final int LOGIN_TIMEOUT_SECONDS = 10;
    // Testcontainers probes several Docker locations; bound it so a broken setup cannot hang us.
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(30);

    private static final Memo<DatabaseEndpoint> POSTGRES = new Memo<>(TestDatabases::resolvePostgres);
    private static final Memo<DatabaseEndpoint> MYSQL = new Memo<>(TestDatabases::resolveMysql);
    private static final Memo<DatabaseEndpoint> MARIADB = new Memo<>(TestDatabases::resolveMariadb);
    private static final Memo<Boolean> DOCKER = new Memo<>(TestDatabases::probeDocker);

    private TestDatabases() {
    }

    /**
     * Returns the PostgreSQL server, resolving it on first use.
     *
     * @return the endpoint, whose login has been checked
     * @throws IllegalStateException saying how to provide one when none answers
     */
    public static DatabaseEndpoint postgres() {
        return POSTGRES.get();
    }

    /**
     * Returns the MySQL-protocol server for MySQL Connector/J ({@code jdbc:mysql:} URL). Locally
     * this is MariaDB.
     *
     * @return the endpoint, whose login has been checked
     * @throws IllegalStateException saying how to provide one when none answers
     */
    public static DatabaseEndpoint mysql() {
        return MYSQL.get();
    }

    /**
     * Returns the same server as {@link #mysql()}, for the MariaDB driver ({@code jdbc:mariadb:} URL).
     *
     * @return the endpoint, whose login has been checked
     * @throws IllegalStateException saying how to provide one when none answers
     */
    public static DatabaseEndpoint mariadb() {
        return MARIADB.get();
    }

    private static DatabaseEndpoint resolvePostgres() {
        Optional<DatabaseEndpoint> fromEnv = fromEnvironment("postgres", POSTGRES_ENV);
        if (fromEnv.isPresent()) {
            return verified(fromEnv.get());
        }
        if (DOCKER.get()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start(); // Testcontainers' reaper removes it when the JVM exits
            return verified(new DatabaseEndpoint("postgres", container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), Origin.TESTCONTAINERS));
        }
        return verified(new DatabaseEndpoint("postgres",
                "jdbc:postgresql://127.0.0.1:5432/" + LOCAL_DB + "?connectTimeout=" + LOGIN_TIMEOUT_SECONDS,
                LOCAL_USER, LOCAL_PASSWORD, Origin.LOCAL));
    }

    private static DatabaseEndpoint resolveMysql() {
        Optional<DatabaseEndpoint> fromEnv = fromEnvironment("mysql", MYSQL_ENV)
                .map(e -> withScheme(e, "mysql", "jdbc:mysql:"));
        if (fromEnv.isPresent()) {
            return verified(fromEnv.get());
        }
        if (DOCKER.get()) {
            MySQLContainer container = new MySQLContainer("mysql:8.4");
            container.start();
            return verified(new DatabaseEndpoint("mysql", container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), Origin.TESTCONTAINERS));
        }
        return verified(new DatabaseEndpoint("mysql",
                "jdbc:mysql://127.0.0.1:3306/" + LOCAL_DB + "?connectTimeout=" + LOGIN_TIMEOUT_SECONDS * 1000,
                LOCAL_USER, LOCAL_PASSWORD, Origin.LOCAL));
    }

    private static DatabaseEndpoint resolveMariadb() {
        return verified(withScheme(mysql(), "mariadb", "jdbc:mariadb:"));
    }

    private static Optional<DatabaseEndpoint> fromEnvironment(String name, String urlVariable) {
        Map<String, String> env = System.getenv();
        String url = env.get(urlVariable);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String prefix = urlVariable.substring(0, urlVariable.length() - "_URL".length());
        return Optional.of(new DatabaseEndpoint(name, url.strip(), env.get(prefix + "_USER"),
                env.get(prefix + "_PASSWORD"), Origin.ENVIRONMENT));
    }

    /** The same server through the other MySQL-protocol driver: only the URL scheme differs. */
    private static DatabaseEndpoint withScheme(DatabaseEndpoint endpoint, String name, String scheme) {
        String url = endpoint.jdbcUrl();
        for (String known : new String[] {"jdbc:mysql:", "jdbc:mariadb:"}) {
            if (url.startsWith(known)) {
                url = scheme + url.substring(known.length());
                break;
            }
        }
        if (!url.startsWith(scheme)) {
            throw new IllegalStateException(MYSQL_ENV + " must start with jdbc:mysql: or jdbc:mariadb:, got "
                    + schemeOf(url));
        }
        return new DatabaseEndpoint(name, url, endpoint.user(), endpoint.password(), endpoint.origin());
    }

    private static DatabaseEndpoint verified(DatabaseEndpoint endpoint) {
        try (Connection connection = endpoint.connect()) {
            if (!connection.isValid(LOGIN_TIMEOUT_SECONDS)) {
                throw new SQLException("connection is not valid");
            }
            return endpoint;
        } catch (SQLException e) {
            throw new IllegalStateException(unreachable(endpoint, e), e);
        }
    }

    private static String unreachable(DatabaseEndpoint endpoint, SQLException e) {
        String cause = "cannot log in to " + endpoint + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
        String envVar = endpoint.name().equals("postgres") ? POSTGRES_ENV : MYSQL_ENV;
        return switch (endpoint.origin()) {
            case ENVIRONMENT -> cause + ". Check " + envVar + " and its _USER / _PASSWORD variables.";
            case TESTCONTAINERS -> cause + ". The container started but does not accept logins.";
            case LOCAL -> cause + ". No " + endpoint.name() + " database is available: run "
                    + "'sudo scripts/setup-test-env.sh' to install and start the local servers, or set "
                    + envVar + " (plus _USER and _PASSWORD) to a server of your own, or start a Docker engine "
                    + "for Testcontainers.";
        };
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf(':', url.indexOf(':') + 1);
        return colon < 0 ? "a URL without a JDBC scheme" : url.substring(0, colon + 1);
    }

    private static boolean probeDocker() {
        if (!dockerEngineMayExist()) {
            return false;
        }
        FutureTask<Boolean> probe = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread thread = new Thread(probe, "docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return probe.get(DOCKER_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Tells whether any of the places Testcontainers looks for a Docker engine is configured or
     * present. Where none is, asking Testcontainers would only log an error about each place.
     */
    private static boolean dockerEngineMayExist() {
        Map<String, String> env = System.getenv();
        if (env.containsKey("DOCKER_HOST") || env.containsKey("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE")) {
            return true;
        }
        String home = System.getProperty("user.home");
        if (Files.exists(Path.of(home, ".testcontainers.properties"))) {
            return true;
        }
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker/run/docker.sock"),
                Path.of(home, ".docker/desktop/docker.sock"),
                Path.of(home, ".colima/default/docker.sock"),
                Path.of(home, ".rd/docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman/podman.sock"));
        }
        return sockets.stream().anyMatch(Files::exists);
    }

    /** A value computed once; a failure is remembered and reported again on every call. */
    private static final class Memo<T> {
        private final Supplier<T> supplier;
        private T value;
        private RuntimeException failure;

        Memo(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (value == null && failure == null) {
                try {
                    value = supplier.get();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            return value;
        }
    }
}
