package dev.jdbcmetrics.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory H2 database of the {@link Backend#H2} backend: one {@code orders} table of
 * {@link #ROWS} rows. The pool settings are {@link Workbench}'s, the same for every backend.
 */
public final class BenchDatabase {

    /** Rows in {@code orders}, ids 1 to {@code ROWS}. */
    public static final int ROWS = 10_000;

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;

    private BenchDatabase(String name) {
        this.name = name;
    }

    /** Creates a fresh, filled database with a name no other instance in this JVM uses. */
    public static BenchDatabase create() {
        BenchDatabase db = new BenchDatabase("bench" + SEQUENCE.incrementAndGet());
        db.fill();
        return db;
    }

    /** The plain H2 URL, e.g. {@code jdbc:h2:mem:bench1;DB_CLOSE_DELAY=-1}. */
    public String h2Url() {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    /** Drops the database; the pools using it must be closed first. */
    public void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Url(), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private void fill() {
        try (Connection c = DriverManager.getConnection(h2Url(), "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                        + " amount BIGINT NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO orders (id, customer, amount) VALUES (?, ?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, "customer-" + (id % 97));
                    ps.setLong(3, id * 10L);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the H2 benchmark database "
                    + name + ": " + e.getMessage(), e);
        }
    }
}
