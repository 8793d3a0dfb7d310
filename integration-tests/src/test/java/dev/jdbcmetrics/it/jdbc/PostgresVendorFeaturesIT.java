package dev.jdbcmetrics.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.Scrape;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGStatement;

/** pgjdbc's own features work through both entry points, and the metrics around them stay exact. */
class PostgresVendorFeaturesIT {

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void copyApiWorksThroughUnwrappedPgConnection(EntryPoint entryPoint) throws Exception {
        try (TestTable table = TestTable.orders(Database.POSTGRES, "it_copy");
                MeteredPool pool = MeteredPool.open(Database.POSTGRES, entryPoint, TestTable.uniqueName("it_pg"))) {
            long copied;
            try (Connection c = pool.dataSource().getConnection()) {
                assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
                PGConnection pg = c.unwrap(PGConnection.class);
                copied = pg.getCopyAPI().copyIn("COPY " + table.name() + " (id, status, amount) FROM STDIN (FORMAT csv)",
                        new StringReader("1,new,10\n2,paid,20\n3,paid,30\n"));
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT sum(amount) FROM " + table.name() + " WHERE status = 'paid'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(50);
                }
            }

            assertThat(copied).isEqualTo(3);
            Scrape scrape = pool.scrape();
            // COPY runs on the driver's own protocol path, beside JDBC statements: not a query of ours.
            assertThat(scrape.sum("db_queries_executed_total", "datasource", pool.name())).isEqualTo(1);
            assertThat(scrape.value("db_rows_returned_total", "datasource", pool.name(), "operation", "select",
                    "table", table.name())).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void notificationsArriveThroughUnwrappedPgConnection(EntryPoint entryPoint) throws Exception {
        String channel = TestTable.uniqueName("it_chan");
        try (MeteredPool pool = MeteredPool.open(Database.POSTGRES, entryPoint, TestTable.uniqueName("it_pg"));
                Connection listener = pool.dataSource().getConnection();
                Connection sender = pool.dataSource().getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN " + channel);
            }
            try (PreparedStatement notify = sender.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, channel);
                notify.setString(2, "order 42 paid");
                try (ResultSet rs = notify.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);

            assertThat(notifications).hasSize(1);
            assertThat(notifications[0].getName()).isEqualTo(channel);
            assertThat(notifications[0].getParameter()).isEqualTo("order 42 paid");
            Scrape scrape = pool.scrape();
            assertThat(scrape.value("db_queries_executed_total", "datasource", pool.name(), "operation", "other",
                    "table", "none")).isEqualTo(1);
            assertThat(scrape.value("db_queries_executed_total", "datasource", pool.name(), "operation", "select",
                    "table", "none")).isEqualTo(1);
            assertThat(scrape.text()).doesNotContain("order 42 paid");
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void serverSidePreparedStatementsAreUsedAndCounted(EntryPoint entryPoint) throws Exception {
        try (TestTable table = TestTable.orders(Database.POSTGRES, "it_prep");
                MeteredPool pool = MeteredPool.open(Database.POSTGRES, entryPoint, TestTable.uniqueName("it_pg"),
                        "prepareThreshold=1")) {
            table.execute("INSERT INTO " + table.name() + " SELECT g, 'new', g * 10 FROM generate_series(1, 5) g");
            String sql = "SELECT amount FROM " + table.name() + " WHERE id = ?";
            List<Integer> amounts = new ArrayList<>();
            List<String> serverSide = new ArrayList<>();
            try (Connection c = pool.dataSource().getConnection()) {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    assertThat(p.unwrap(PGStatement.class).getPrepareThreshold()).isEqualTo(1);
                    for (int id = 1; id <= 3; id++) {
                        p.setInt(1, id);
                        try (ResultSet rs = p.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            amounts.add(rs.getInt(1));
                        }
                    }
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT amount FROM %'")) {
                    while (rs.next()) {
                        serverSide.add(rs.getString(1));
                    }
                }
            }

            assertThat(amounts).containsExactly(10, 20, 30);
            assertThat(serverSide).containsExactly("SELECT amount FROM " + table.name() + " WHERE id = $1");
            Scrape scrape = pool.scrape();
            assertThat(scrape.value("db_queries_executed_total", "datasource", pool.name(), "operation", "select",
                    "table", table.name())).isEqualTo(3);
            assertThat(scrape.value("db_rows_returned_total", "datasource", pool.name(), "operation", "select",
                    "table", table.name())).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void generatedKeysComeBackThroughTheWrapper(EntryPoint entryPoint) throws Exception {
        String name = TestTable.uniqueName("it_keys");
        try (MeteredPool pool = MeteredPool.open(Database.POSTGRES, entryPoint, TestTable.uniqueName("it_pg"))) {
            try (Connection c = Database.POSTGRES.endpoint().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + name + " (id SERIAL PRIMARY KEY, note TEXT)");
            }
            try (Connection c = pool.dataSource().getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + name + " (note) VALUES (?)",
                            Statement.RETURN_GENERATED_KEYS)) {
                List<Integer> keys = new ArrayList<>();
                for (String note : List.of("a", "b")) {
                    insert.setString(1, note);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                    try (ResultSet generated = insert.getGeneratedKeys()) {
                        assertThat(generated.getStatement()).isSameAs(insert);
                        assertThat(generated.next()).isTrue();
                        keys.add(generated.getInt("id"));
                        assertThat(generated.next()).isFalse();
                    }
                }
                assertThat(keys).containsExactly(1, 2);
                assertThat(insert.getConnection()).isSameAs(c);
            } finally {
                try (Connection c = Database.POSTGRES.endpoint().connect(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + name);
                }
            }

            Scrape scrape = pool.scrape();
            assertThat(scrape.value("db_queries_executed_total", "datasource", pool.name(), "operation", "insert",
                    "table", name)).isEqualTo(2);
            assertThat(scrape.value("db_rows_affected_total", "datasource", pool.name(), "operation", "insert",
                    "table", name)).isEqualTo(2);
            // keys are not query results
            assertThat(scrape.value("db_rows_returned_total", "datasource", pool.name(), "operation", "insert",
                    "table", name)).isEqualTo(0);
        }
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void cursorFetchWithFetchSizeCountsEveryRow(EntryPoint entryPoint) throws Exception {
        try (TestTable table = TestTable.orders(Database.POSTGRES, "it_stream");
                MeteredPool pool = MeteredPool.open(Database.POSTGRES, entryPoint, TestTable.uniqueName("it_pg"))) {
            table.execute("INSERT INTO " + table.name() + " SELECT g, 'new', g FROM generate_series(1, 2500) g");
            long sum = 0;
            int rows = 0;
            try (Connection c = pool.dataSource().getConnection()) {
                c.setAutoCommit(false); // pgjdbc only fetches in chunks inside a transaction
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(100);
                    try (ResultSet rs = s.executeQuery("SELECT amount FROM " + table.name())) {
                        assertThat(rs.getFetchSize()).isEqualTo(100);
                        while (rs.next()) {
                            rows++;
                            sum += rs.getInt(1);
                        }
                    }
                }
                c.commit();
            }

            assertThat(rows).isEqualTo(2500);
            assertThat(sum).isEqualTo(2500L * 2501 / 2);
            Scrape scrape = pool.scrape();
            String[] select = {"datasource", pool.name(), "operation", "select", "table", table.name()};
            assertThat(scrape.value("db_rows_returned_total", select)).isEqualTo(2500);
            assertThat(scrape.value("db_query_rows_sum", select)).isEqualTo(2500);
            assertThat(scrape.value("db_query_rows_bucket", concat(select, "le", "1000.0"))).isEqualTo(0);
            assertThat(scrape.value("db_query_rows_bucket", concat(select, "le", "10000.0"))).isEqualTo(1);
            assertThat(scrape.value("db_transactions_total", "datasource", pool.name(), "outcome", "commit")).isEqualTo(1);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
