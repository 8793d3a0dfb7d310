package dev.jdbcmetrics.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The measured operations. Each is one full round trip as an application does it:
 * borrow a connection, prepare, bind, execute, read every row, close everything.
 */
public final class Workloads {

    /** One row by primary key. */
    public static final String POINT_SELECT = "SELECT id, customer, amount FROM orders WHERE id = ?";
    /** Ten consecutive rows. */
    public static final String TEN_ROW_SELECT =
            "SELECT id, customer, amount FROM orders WHERE id BETWEEN ? AND ?";
    /** One row changed by primary key. */
    public static final String UPDATE = "UPDATE orders SET amount = amount + 1 WHERE id = ?";
    /** Statements in one {@link #batch100} call. */
    public static final int BATCH_SIZE = 100;

    private Workloads() {
    }

    /** Reads the row with {@code id}; returns the sum of ids and amounts read. */
    public static long pointSelect(DataSource ds, int id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
            ps.setInt(1, id);
            return readAll(ps);
        }
    }

    /** Reads rows {@code firstId} to {@code firstId + 9}; returns the sum of ids and amounts read. */
    public static long tenRowSelect(DataSource ds, int firstId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(TEN_ROW_SELECT)) {
            ps.setInt(1, firstId);
            ps.setInt(2, firstId + 9);
            return readAll(ps);
        }
    }

    /** Updates the row with {@code id}; returns the update count. */
    public static int update(DataSource ds, int id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setInt(1, id);
            return ps.executeUpdate();
        }
    }

    /** Updates rows {@code firstId} to {@code firstId + 99} in one batch; returns the rows changed. */
    public static int batch100(DataSource ds, int firstId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            for (int i = 0; i < BATCH_SIZE; i++) {
                ps.setInt(1, firstId + i);
                ps.addBatch();
            }
            int changed = 0;
            for (int count : ps.executeBatch()) {
                changed += count;
            }
            return changed;
        }
    }

    private static long readAll(PreparedStatement ps) throws SQLException {
        long sum = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sum += rs.getInt(1) + rs.getLong(3);
                // Read the text column too, as an application would.
                sum += rs.getString(2).length();
            }
        }
        return sum;
    }
}
