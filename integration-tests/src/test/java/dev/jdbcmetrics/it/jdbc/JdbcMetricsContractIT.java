package dev.jdbcmetrics.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jdbcmetrics.it.support.Scrape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every database and entry point must show: one scripted workload on a real server
 * through HikariCP, read back from a real Prometheus scrape with exact values. Subclasses pick the
 * database (and driver) and the entry point; they hold no test code.
 */
abstract class JdbcMetricsContractIT {

    private final Database database;
    private final EntryPoint entryPoint;
    private TestTable table;
    private MeteredPool pool;
    private String ds;

    JdbcMetricsContractIT(Database database, EntryPoint entryPoint) {
        this.database = database;
        this.entryPoint = entryPoint;
    }

    @BeforeEach
    void openPoolAndTable() throws SQLException {
        table = TestTable.orders(database, "it_orders");
        ds = TestTable.uniqueName("it_" + database.name().toLowerCase());
        // Should deadlock detection ever not fire, fail within seconds instead of InnoDB's default 50.
        pool = database.isPostgres() ? MeteredPool.open(database, entryPoint, ds)
                : MeteredPool.open(database, entryPoint, ds, "sessionVariables=innodb_lock_wait_timeout=10");
    }

    @AfterEach
    void dropTableAndClosePool() throws Exception {
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            table.close();
        }
    }

    @Test
    @DisplayName("a scripted workload gives exact query, row and update counts")
    void scriptedWorkloadGivesExactCounts() throws SQLException {
        String t = table.name();
        int[] batch;
        try (Connection c = pool.dataSource().getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t + " (id, status, amount) VALUES (?, ?, ?)")) {
                for (int id = 1; id <= 10; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, id <= 4 ? "new" : "paid");
                    insert.setInt(3, id * 10);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                for (int id = 11; id <= 15; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "paid");
                    insert.setInt(3, id);
                    insert.addBatch();
                }
                batch = insert.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT id FROM " + t + " WHERE status = 'new' ORDER BY id")) {
                    List<Integer> ids = new ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                    assertThat(ids).containsExactly(1, 2, 3, 4);
                }
                // Closed after 7 of 15 rows: only the rows read count.
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t + " ORDER BY id")) {
                    for (int i = 0; i < 7; i++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
                assertThat(s.executeUpdate("UPDATE " + t + " SET status = 'late' WHERE id < 4")).isEqualTo(3);
                assertThat(s.execute("DELETE FROM " + t + " WHERE id = 15")).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(1);
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(14);
                }
            }
        }
        assertThat(batch).as("the driver's own batch update counts").containsExactly(expectedBatchCounts());

        Scrape scrape = pool.scrape();
        assertThat(scrape.value("db_queries_executed_total", labels("insert"))).isEqualTo(11);
        assertThat(scrape.value("db_rows_affected_total", labels("insert"))).isEqualTo(10 + nonNegativeSum(batch));
        assertThat(scrape.value("db_query_duration_seconds_count", labels("insert", "outcome", "success")))
                .isEqualTo(11);
        assertThat(scrape.value("db_queries_executed_total", labels("select"))).isEqualTo(3);
        assertThat(scrape.value("db_rows_returned_total", labels("select"))).isEqualTo(4 + 7 + 1);
        assertThat(scrape.value("db_query_rows_count", labels("select"))).isEqualTo(3);
        assertThat(scrape.value("db_query_rows_sum", labels("select"))).isEqualTo(12);
        assertThat(scrape.value("db_query_rows_bucket", labels("select", "le", "1.0"))).isEqualTo(1);
        assertThat(scrape.value("db_query_rows_bucket", labels("select", "le", "10.0"))).isEqualTo(3);
        assertThat(scrape.value("db_queries_executed_total", labels("update"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", labels("update"))).isEqualTo(3);
        assertThat(scrape.value("db_queries_executed_total", labels("delete"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", labels("delete"))).isEqualTo(1);
        assertThat(scrape.sum("db_queries_executed_total", "datasource", ds)).isEqualTo(16);
        assertThat(scrape.has("db_queries_failed_total", "datasource", ds)).isFalse();
        assertThat(scrape.value("jdbc_metrics_recording_errors_total", "datasource", ds)).isEqualTo(0);
        if (entryPoint == EntryPoint.WRAPPED_HIKARI) {
            // one lease; the pool's own physical connections are not the application's
            assertThat(scrape.value("db_connection_acquire_seconds_count", "datasource", ds)).isEqualTo(1);
            assertThat(scrape.value("db_connection_usage_seconds_count", "datasource", ds)).isEqualTo(1);
            assertThat(scrape.value("db_connections_active", "datasource", ds)).isEqualTo(0);
            assertThat(scrape.value("db_connections_max", "datasource", ds)).isEqualTo(MeteredPool.MAX_SIZE);
        }
    }

    @Test
    @DisplayName("server errors count by SQLState class and reach the caller as the driver threw them")
    void serverErrorsAreCountedBySqlStateClassAndRethrownUnchanged() throws SQLException {
        String t = table.name();
        String missing = TestTable.uniqueName("it_missing");
        String insert = "INSERT INTO " + t + " (id, status, amount) VALUES (1, 'new', 5)";
        String syntax = "SELEC * FROM " + t;
        String unknownTable = "SELECT * FROM " + missing;
        SQLException duplicate;
        SQLException badSyntax;
        SQLException noTable;
        SQLException preparedDuplicate;
        try (Connection c = pool.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(insert)).isEqualTo(1);
            duplicate = catchThrowableOfType(SQLException.class, () -> s.executeUpdate(insert));
            badSyntax = catchThrowableOfType(SQLException.class, () -> s.execute(syntax));
            noTable = catchThrowableOfType(SQLException.class, () -> s.executeQuery(unknownTable));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + t + " (id, status, amount) VALUES (?, ?, ?)")) {
                p.setInt(1, 1);
                p.setString(2, "dup");
                p.setInt(3, 7);
                preparedDuplicate = catchThrowableOfType(SQLException.class, p::executeUpdate);
            }
        }

        assertSameAsRawDriver(duplicate, s -> s.executeUpdate(insert));
        assertSameAsRawDriver(badSyntax, s -> s.execute(syntax));
        assertSameAsRawDriver(noTable, s -> s.executeQuery(unknownTable));
        assertThat(duplicate.getClass().getName()).isEqualTo(expectedExceptionClass("23"));
        assertThat(badSyntax.getClass().getName()).isEqualTo(expectedExceptionClass("42"));
        assertThat(noTable.getClass().getName()).isEqualTo(expectedExceptionClass("42"));
        assertThat(preparedDuplicate.getSQLState()).isEqualTo(duplicate.getSQLState());
        assertThat(duplicate.getSQLState()).isEqualTo(database.isPostgres() ? "23505" : "23000");
        assertThat(badSyntax.getSQLState()).isEqualTo(database.isPostgres() ? "42601" : "42000");
        assertThat(noTable.getSQLState()).isEqualTo(database.isPostgres() ? "42P01" : "42S02");

        Scrape scrape = pool.scrape();
        assertThat(scrape.value("db_queries_failed_total", labels("insert", "sqlstate_class", "23"))).isEqualTo(2);
        assertThat(scrape.value("db_queries_failed_total", "datasource", ds, "operation", "other", "table", "none",
                "sqlstate_class", "42")).isEqualTo(1);
        assertThat(scrape.value("db_queries_failed_total", "datasource", ds, "operation", "select", "table", missing,
                "sqlstate_class", "42")).isEqualTo(1);
        assertThat(scrape.sum("db_queries_failed_total", "datasource", ds)).isEqualTo(4);
        assertThat(scrape.value("db_queries_executed_total", labels("insert"))).isEqualTo(3);
        assertThat(scrape.value("db_query_duration_seconds_count", labels("insert", "outcome", "error"))).isEqualTo(2);
        assertThat(scrape.value("db_query_duration_seconds_count", labels("insert", "outcome", "success"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", labels("insert"))).isEqualTo(1);
        assertThat(scrape.text()).doesNotContain("'new'").doesNotContain("dup\"");
    }

    @Test
    @DisplayName("commits and rollbacks on a non-auto-commit connection are counted by outcome")
    void transactionsAreCountedByOutcome() throws SQLException {
        String t = table.name();
        try (Connection c = pool.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO " + t + " (id, status, amount) VALUES (1, 'new', 5)");
                s.executeUpdate("INSERT INTO " + t + " (id, status, amount) VALUES (2, 'new', 5)");
                c.commit();
                s.executeUpdate("INSERT INTO " + t + " (id, status, amount) VALUES (3, 'new', 5)");
                c.rollback();
                s.executeUpdate("INSERT INTO " + t + " (id, status, amount) VALUES (4, 'new', 5)");
                c.setAutoCommit(true); // commits, as JDBC says
                s.executeUpdate("INSERT INTO " + t + " (id, status, amount) VALUES (5, 'new', 5)");
                try (ResultSet rs = s.executeQuery("SELECT id FROM " + t + " ORDER BY id")) {
                    List<Integer> ids = new ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                    assertThat(ids).containsExactly(1, 2, 4, 5);
                }
            }
        }

        Scrape scrape = pool.scrape();
        assertThat(scrape.value("db_transactions_total", "datasource", ds, "outcome", "commit")).isEqualTo(2);
        assertThat(scrape.value("db_transactions_total", "datasource", ds, "outcome", "rollback")).isEqualTo(1);
        assertThat(scrape.value("db_transaction_duration_seconds_count", "datasource", ds, "outcome", "commit"))
                .isEqualTo(2);
        assertThat(scrape.value("db_transaction_duration_seconds_count", "datasource", ds, "outcome", "rollback"))
                .isEqualTo(1);
        assertThat(scrape.value("db_queries_executed_total", labels("insert"))).isEqualTo(5);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("a serialization failure or deadlock between two connections counts as SQLState class 40")
    void concurrencyConflictCountsAsClass40() throws Exception {
        SQLException conflict = database.isPostgres() ? serializationFailure() : deadlock();

        assertThat(conflict.getSQLState()).isEqualTo("40001");
        assertThat(conflict.getClass().getName()).isEqualTo(expectedExceptionClass("40"));
        Scrape scrape = pool.scrape();
        assertThat(scrape.value("db_queries_failed_total", labels("update", "sqlstate_class", "40"))).isEqualTo(1);
        assertThat(scrape.sum("db_queries_failed_total", "datasource", ds)).isEqualTo(1);
        assertThat(scrape.value("db_transactions_total", "datasource", ds, "outcome", "rollback")).isEqualTo(1);
        if (database.isPostgres()) {
            assertThat(scrape.value("db_queries_executed_total", labels("update"))).isEqualTo(2);
            assertThat(scrape.value("db_rows_affected_total", labels("update"))).isEqualTo(1);
            assertThat(scrape.value("db_queries_executed_total", labels("select"))).isEqualTo(1);
            assertThat(scrape.has("db_transactions_total", "datasource", ds, "outcome", "commit")
                    && scrape.value("db_transactions_total", "datasource", ds, "outcome", "commit") != 0).isFalse();
        } else {
            assertThat(scrape.value("db_queries_executed_total", labels("update"))).isEqualTo(6);
            // 3 + 1 before the deadlock, then the survivor's second update
            assertThat(scrape.value("db_rows_affected_total", labels("update"))).isEqualTo(5);
            assertThat(scrape.value("db_transactions_total", "datasource", ds, "outcome", "commit")).isEqualTo(1);
        }
    }

    /**
     * PostgreSQL: a SERIALIZABLE transaction reads a row, another connection changes it and
     * commits, and the first one's update of that row must fail with 40001. Each step runs to
     * completion before the next, so no thread or timing is involved.
     */
    private SQLException serializationFailure() throws SQLException {
        String t = table.name();
        table.execute("INSERT INTO " + t + " (id, status, amount) VALUES (1, 'new', 10)");
        try (Connection first = pool.dataSource().getConnection();
                Connection second = pool.dataSource().getConnection()) {
            first.setAutoCommit(false);
            first.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (Statement s1 = first.createStatement(); Statement s2 = second.createStatement()) {
                try (ResultSet rs = s1.executeQuery("SELECT amount FROM " + t + " WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(10);
                }
                assertThat(s2.executeUpdate("UPDATE " + t + " SET amount = 20 WHERE id = 1")).isEqualTo(1);
                SQLException failure = catchThrowableOfType(SQLException.class,
                        () -> s1.executeUpdate("UPDATE " + t + " SET amount = 30 WHERE id = 1"));
                first.rollback();
                return failure;
            }
        }
    }

    /**
     * MySQL/MariaDB: two transactions lock rows in opposite order. The first locks three rows and
     * the second one, so InnoDB picks the second (the lighter) as the victim; either way exactly
     * one statement fails with 40001 and the other completes once the victim is rolled back.
     */
    private SQLException deadlock() throws Exception {
        String t = table.name();
        table.execute("INSERT INTO " + t + " (id, status, amount) VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4)");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection first = pool.dataSource().getConnection();
                Connection second = pool.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (Statement s1 = first.createStatement(); Statement s2 = second.createStatement()) {
                // one primary-key row per statement: a range or IN scan could lock more rows than named
                for (int id : new int[] {1, 3, 4}) {
                    assertThat(s1.executeUpdate("UPDATE " + t + " SET amount = amount + 1 WHERE id = " + id)).isEqualTo(1);
                }
                assertThat(s2.executeUpdate("UPDATE " + t + " SET amount = amount + 1 WHERE id = 2")).isEqualTo(1);
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> firstWaits = threads.submit(() -> {
                    start.await();
                    return s1.executeUpdate("UPDATE " + t + " SET amount = amount + 1 WHERE id = 2");
                });
                Future<Integer> secondWaits = threads.submit(() -> {
                    start.await();
                    return s2.executeUpdate("UPDATE " + t + " SET amount = amount + 1 WHERE id = 1");
                });
                start.countDown();
                SQLException failure = null;
                for (Future<Integer> update : List.of(firstWaits, secondWaits)) {
                    Connection own = update == firstWaits ? first : second;
                    try {
                        assertThat(update.get(50, TimeUnit.SECONDS)).isEqualTo(1);
                        own.commit();
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(SQLException.class);
                        assertThat((Throwable) failure).as("only one transaction is the victim").isNull();
                        failure = (SQLException) e.getCause();
                        own.rollback();
                    }
                }
                assertThat((Throwable) failure).as("one of the two updates is chosen as the deadlock victim").isNotNull();
                return failure;
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The same call on a plain connection of the same driver fails with the same exception. */
    private void assertSameAsRawDriver(SQLException metered, StatementCall call) throws SQLException {
        try (Connection raw = database.endpoint().connect(); Statement s = raw.createStatement()) {
            SQLException plain = catchThrowableOfType(SQLException.class, () -> call.run(s));
            assertThat((Throwable) plain).isNotNull();
            assertThat((Throwable) metered).isNotNull();
            assertThat(metered.getClass()).isEqualTo(plain.getClass());
            assertThat(metered.getSQLState()).isEqualTo(plain.getSQLState());
            assertThat(metered.getErrorCode()).isEqualTo(plain.getErrorCode());
            assertThat(withoutConnectionId(metered.getMessage())).isEqualTo(withoutConnectionId(plain.getMessage()));
        }
    }

    /** The MariaDB driver starts its messages with the server's connection id, which differs per connection. */
    private static String withoutConnectionId(String message) {
        return message.replaceFirst("^\\(conn=\\d+\\) ", "");
    }

    /** One call on a statement that is expected to fail. */
    @FunctionalInterface
    private interface StatementCall {
        void run(Statement statement) throws SQLException;
    }

    private int[] expectedBatchCounts() {
        return new int[] {1, 1, 1, 1, 1};
    }

    /** The class each driver throws for an SQLState class: the driver's own, never one of ours. */
    private String expectedExceptionClass(String sqlStateClass) {
        return switch (database) {
            case POSTGRES -> "org.postgresql.util.PSQLException";
            case MYSQL -> switch (sqlStateClass) {
                case "23" -> "java.sql.SQLIntegrityConstraintViolationException";
                case "42" -> "java.sql.SQLSyntaxErrorException";
                default -> "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException";
            };
            case MARIADB -> switch (sqlStateClass) {
                case "23" -> "java.sql.SQLIntegrityConstraintViolationException";
                case "42" -> "java.sql.SQLSyntaxErrorException";
                default -> "java.sql.SQLTransactionRollbackException";
            };
        };
    }

    private static int nonNegativeSum(int[] counts) {
        int sum = 0;
        for (int count : counts) {
            sum += Math.max(count, 0);
        }
        return sum;
    }

    private String[] labels(String operation, String... more) {
        String[] base = {"datasource", ds, "operation", operation, "table", table.name()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
