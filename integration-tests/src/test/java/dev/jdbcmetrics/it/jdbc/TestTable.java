package dev.jdbcmetrics.it.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table of this test run, created and dropped over a plain (unmetered) connection so that
 * only the workload shows in the metrics. The servers are shared: every name carries a random
 * suffix, and every table is dropped afterwards.
 */
final class TestTable implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final String name;

    private TestTable(Database database, String name) {
        this.database = database;
        this.name = name;
    }

    /** Creates {@code <prefix>_<random>(id INT PRIMARY KEY, status VARCHAR(20), amount INT)}. */
    static TestTable orders(Database database, String prefix) throws SQLException {
        TestTable table = new TestTable(database, uniqueName(prefix));
        table.execute("CREATE TABLE " + table.name + " (id INT PRIMARY KEY, status VARCHAR(20), amount INT)");
        return table;
    }

    /** A name nobody else uses, lower case so that it is also its own {@code table} label. */
    static String uniqueName(String prefix) {
        return prefix + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    String name() {
        return name;
    }

    /** Runs statements on a plain connection with auto-commit on. */
    void execute(String... sql) throws SQLException {
        try (Connection c = database.endpoint().connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP TABLE IF EXISTS " + name);
    }
}
