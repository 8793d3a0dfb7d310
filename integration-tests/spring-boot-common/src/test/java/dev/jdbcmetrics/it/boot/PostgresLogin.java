package dev.jdbcmetrics.it.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The PostgreSQL server the Boot applications connect to, found as integration-tests'
 * {@code TestDatabases} finds it: {@code JDBC_METRICS_IT_POSTGRES_URL} (with {@code _USER},
 * {@code _PASSWORD}) when set, else the local server on 127.0.0.1:5432 with the {@code jdbcmetrics}
 * login of {@code scripts/setup-test-env.sh}. An unreachable server fails the test, saying how to
 * provide one; it never skips.
 */
record PostgresLogin(String url, String user, String password) {

    private static final String URL_ENV = "JDBC_METRICS_IT_POSTGRES_URL";

    static PostgresLogin resolve() {
        Map<String, String> env = System.getenv();
        String url = env.get(URL_ENV);
        PostgresLogin login = url == null || url.isBlank()
                ? new PostgresLogin("jdbc:postgresql://127.0.0.1:5432/jdbcmetrics?connectTimeout=10", "jdbcmetrics",
                        "jdbcmetrics")
                : new PostgresLogin(url.strip(), env.get("JDBC_METRICS_IT_POSTGRES_USER"),
                        env.get("JDBC_METRICS_IT_POSTGRES_PASSWORD"));
        try (Connection connection = DriverManager.getConnection(login.url, login.user, login.password)) {
            return login;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot log in to PostgreSQL at " + login.url + " as " + login.user + ": "
                    + e.getMessage() + ". Run 'sudo scripts/setup-test-env.sh' to install and start the local server,"
                    + " or set " + URL_ENV + " (plus _USER and _PASSWORD) to a server of your own.", e);
        }
    }

    /** Boot's {@code spring.datasource.*} properties for this login. */
    Map<String, String> springDatasource() {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", user,
                "spring.datasource.password", password);
    }
}
