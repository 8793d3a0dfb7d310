package dev.jdbcmetrics.it.jdbc;

import static dev.jdbcmetrics.it.jdbc.PostgresVendorFeaturesIT.concat;
import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.ServerPreparedStatement;
import com.mysql.cj.jdbc.result.ResultSetImpl;
import com.mysql.cj.protocol.a.result.ResultsetRowsStreaming;
import dev.jdbcmetrics.it.support.Scrape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MySQL Connector/J's own features work through both entry points, and the metrics stay exact. */
class MysqlVendorFeaturesIT {

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void jdbcConnectionUnwrapsToTheDriversConnection(EntryPoint entryPoint) throws Exception {
        try (MeteredPool pool = MeteredPool.open(Database.MYSQL, entryPoint, TestTable.uniqueName("it_my"));
                Connection c = pool.dataSource().getConnection()) {
            assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
            JdbcConnection mysql = c.unwrap(JdbcConnection.class);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                assertThat(rs.next()).isTrue();
                assertThat(mysql.getId()).isEqualTo(rs.getLong(1));
            }
            assertThat(mysql.getServerVersion().getMajor()).isGreaterThanOrEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void serverSidePreparedStatementsAreUsedAndCounted(EntryPoint entryPoint) throws Exception {
        try (TestTable table = TestTable.orders(Database.MYSQL, "it_prep");
                MeteredPool pool = MeteredPool.open(Database.MYSQL, entryPoint, TestTable.uniqueName("it_my"),
                        "useServerPrepStmts=true")) {
            table.execute("INSERT INTO " + table.name() + " VALUES (1, 'new', 10), (2, 'new', 20), (3, 'paid', 30)");
            List<Integer> amounts = new ArrayList<>();
            long preparedOnServer;
            try (Connection c = pool.dataSource().getConnection()) {
                long before = sessionStatus(c, "Com_stmt_prepare");
                try (PreparedStatement p = c.prepareStatement("SELECT amount FROM " + table.name() + " WHERE id = ?")) {
                    assertThat(p.isWrapperFor(ServerPreparedStatement.class)).isTrue();
                    for (int id = 1; id <= 3; id++) {
                        p.setInt(1, id);
                        try (ResultSet rs = p.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            amounts.add(rs.getInt(1));
                        }
                    }
                }
                preparedOnServer = sessionStatus(c, "Com_stmt_prepare") - before;
            }

            assertThat(amounts).containsExactly(10, 20, 30);
            assertThat(preparedOnServer).as("one server-side prepare for three executions").isEqualTo(1);
            Scrape scrape = pool.scrape();
            String[] select = {"datasource", pool.name(), "operation", "select", "table", table.name()};
            assertThat(scrape.value("db_queries_executed_total", select)).isEqualTo(3);
            assertThat(scrape.value("db_rows_returned_total", select)).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void generatedKeysComeBackThroughTheWrapper(EntryPoint entryPoint) throws Exception {
        String name = TestTable.uniqueName("it_keys");
        try (MeteredPool pool = MeteredPool.open(Database.MYSQL, entryPoint, TestTable.uniqueName("it_my"))) {
            try (Connection c = Database.MYSQL.endpoint().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + name + " (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(10))");
            }
            try (Connection c = pool.dataSource().getConnection();
                    Statement insert = c.createStatement()) {
                assertThat(insert.executeUpdate("INSERT INTO " + name + " (note) VALUES ('a'), ('b')",
                        Statement.RETURN_GENERATED_KEYS)).isEqualTo(2);
                List<Long> keys = new ArrayList<>();
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    assertThat(generated.getStatement()).isSameAs(insert);
                    while (generated.next()) {
                        keys.add(generated.getLong(1));
                    }
                }
                assertThat(keys).containsExactly(1L, 2L);
            } finally {
                try (Connection c = Database.MYSQL.endpoint().connect(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + name);
                }
            }

            Scrape scrape = pool.scrape();
            String[] insert = {"datasource", pool.name(), "operation", "insert", "table", name};
            assertThat(scrape.value("db_queries_executed_total", insert)).isEqualTo(1);
            assertThat(scrape.value("db_rows_affected_total", insert)).isEqualTo(2);
            assertThat(scrape.value("db_rows_returned_total", insert)).isEqualTo(0);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void streamingResultSetCountsEveryRow(EntryPoint entryPoint) throws Exception {
        try (TestTable table = TestTable.orders(Database.MYSQL, "it_stream");
                MeteredPool pool = MeteredPool.open(Database.MYSQL, entryPoint, TestTable.uniqueName("it_my"))) {
            StringBuilder values = new StringBuilder();
            for (int id = 1; id <= 2500; id++) {
                values.append(id == 1 ? "" : ", ").append('(').append(id).append(", 'new', ").append(id).append(')');
            }
            table.execute("INSERT INTO " + table.name() + " (id, status, amount) VALUES " + values);
            int rows = 0;
            long sum = 0;
            try (Connection c = pool.dataSource().getConnection();
                    Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream row by row
                try (ResultSet rs = s.executeQuery("SELECT amount FROM " + table.name())) {
                    assertThat(rs.unwrap(ResultSetImpl.class).getRows()).isInstanceOf(ResultsetRowsStreaming.class);
                    while (rs.next()) {
                        rows++;
                        sum += rs.getInt(1);
                    }
                }
            }

            assertThat(rows).isEqualTo(2500);
            assertThat(sum).isEqualTo(2500L * 2501 / 2);
            Scrape scrape = pool.scrape();
            String[] select = {"datasource", pool.name(), "operation", "select", "table", table.name()};
            assertThat(scrape.value("db_rows_returned_total", select)).isEqualTo(2500);
            assertThat(scrape.value("db_query_rows_sum", select)).isEqualTo(2500);
            assertThat(scrape.value("db_query_rows_bucket", concat(select, "le", "1000.0"))).isEqualTo(0);
            assertThat(scrape.value("db_query_rows_bucket", concat(select, "le", "10000.0"))).isEqualTo(1);
        }
    }

    private static long sessionStatus(Connection c, String variable) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + variable + "'")) {
            assertThat(rs.next()).as("session status %s", variable).isTrue();
            return rs.getLong(2);
        }
    }
}
