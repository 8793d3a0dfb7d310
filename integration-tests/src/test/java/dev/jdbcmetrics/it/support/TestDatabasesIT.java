package dev.jdbcmetrics.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabasesIT {

    @Test
    void postgresAnswersSelectOneAndIsPostgresql() throws SQLException {
        DatabaseEndpoint endpoint = TestDatabases.postgres();

        assertThat(endpoint.jdbcUrl()).startsWith("jdbc:postgresql:");
        assertThat(selectOne(endpoint)).isEqualTo(1);
        assertThat(productName(endpoint)).isEqualTo("PostgreSQL");
    }

    @Test
    void mysqlSlotAnswersThroughConnectorJ() throws SQLException {
        DatabaseEndpoint endpoint = TestDatabases.mysql();

        assertThat(endpoint.jdbcUrl()).startsWith("jdbc:mysql:");
        assertThat(selectOne(endpoint)).isEqualTo(1);
        try (Connection connection = endpoint.connect()) {
            assertThat(connection.getClass().getName()).startsWith("com.mysql.cj.");
            assertThat(serverVersion(connection)).containsAnyOf("MariaDB", "MySQL");
        }
    }

    @Test
    void mariadbSlotIsTheSameServerThroughTheMariadbDriver() throws SQLException {
        DatabaseEndpoint mariadb = TestDatabases.mariadb();
        DatabaseEndpoint mysql = TestDatabases.mysql();

        assertThat(mariadb.jdbcUrl()).isEqualTo("jdbc:mariadb:" + mysql.jdbcUrl().substring("jdbc:mysql:".length()));
        assertThat(selectOne(mariadb)).isEqualTo(1);
        try (Connection viaMariadb = mariadb.connect(); Connection viaMysql = mysql.connect()) {
            assertThat(viaMariadb.getClass().getName()).startsWith("org.mariadb.jdbc.");
            assertThat(serverVersion(viaMariadb)).isEqualTo(serverVersion(viaMysql));
        }
    }

    @Test
    void resolutionIsCachedPerJvm() {
        assertThat(TestDatabases.postgres()).isSameAs(TestDatabases.postgres());
        assertThat(TestDatabases.mysql()).isSameAs(TestDatabases.mysql());
    }

    @Test
    void toStringNeverShowsThePassword() {
        DatabaseEndpoint endpoint = new DatabaseEndpoint("postgres", "jdbc:postgresql://db/x", "app", "s3cr3t-pw",
                DatabaseEndpoint.Origin.ENVIRONMENT);

        assertThat(endpoint).hasToString("postgres[jdbc:postgresql://db/x as app, ENVIRONMENT]");
    }

    @Test
    void onlyTheLocalServerCanBeStopped() {
        DatabaseEndpoint remote = new DatabaseEndpoint("postgres", "jdbc:postgresql://db/x", "app", "pw",
                DatabaseEndpoint.Origin.ENVIRONMENT);

        assertThatThrownBy(remote::stop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot stop the postgres server from ENVIRONMENT: only the local server (127.0.0.1,"
                        + " scripts/db-ctl.sh) can be stopped and started; unset JDBC_METRICS_IT_*_URL and run on a"
                        + " machine prepared by sudo scripts/setup-test-env.sh");
    }

    private static int selectOne(DatabaseEndpoint endpoint) throws SQLException {
        try (Connection connection = endpoint.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static String productName(DatabaseEndpoint endpoint) throws SQLException {
        try (Connection connection = endpoint.connect()) {
            return connection.getMetaData().getDatabaseProductName();
        }
    }

    private static String serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT VERSION(), @@version_comment")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + " " + rs.getString(2);
        }
    }
}
