package dev.jdbcmetrics.benchmarks.stub;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * {@code rows} rows of {@code orders} from {@code firstId} on, made up as they are read: the same
 * values the H2 benchmark table holds ({@code id}, {@code customer = "customer-" + id % 97},
 * {@code amount = id * 10}), so every workload gives the same answer over either backend, and
 * values that depend on the bound id, so the JIT cannot fold them away. No row objects: the
 * names are made once per class.
 */
final class StubResultSet extends UnsupportedResultSet {

    private static final String[] CUSTOMERS = new String[97];

    static {
        for (int i = 0; i < CUSTOMERS.length; i++) {
            CUSTOMERS[i] = "customer-" + i;
        }
    }

    private final Statement statement;
    private final int firstId;
    private final int rows;
    /** 0 before the first row, {@code rows + 1} after the last. */
    private int row;
    private boolean closed;

    StubResultSet(Statement statement, int firstId, int rows) {
        this.statement = statement;
        this.firstId = firstId;
        this.rows = rows;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row <= rows) {
            row++;
        }
        return row <= rows;
    }

    @Override
    public int getInt(int column) throws SQLException {
        return Math.toIntExact(getLong(column));
    }

    @Override
    public long getLong(int column) throws SQLException {
        int id = id();
        return switch (column) {
            case 1 -> id;
            case 3 -> id * 10L;
            case 2 -> throw new SQLException("stub driver: column 2 is not a number", "22018");
            default -> throw columnOutOfRange(column);
        };
    }

    @Override
    public String getString(int column) throws SQLException {
        int id = id();
        return switch (column) {
            case 1 -> Integer.toString(id);
            case 2 -> CUSTOMERS[Math.floorMod(id, CUSTOMERS.length)];
            case 3 -> Long.toString(id * 10L);
            default -> throw columnOutOfRange(column);
        };
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "id" -> 1;
            case "customer" -> 2;
            case "amount" -> 3;
            default -> throw new SQLException("stub driver: no column '" + label + "'", "42S22");
        };
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private int id() throws SQLException {
        checkOpen();
        if (row < 1 || row > rows) {
            throw new SQLException("stub driver: no current row", "24000");
        }
        return firstId + row - 1;
    }

    private static SQLException columnOutOfRange(int column) {
        return new SQLException("stub driver: column index out of range: " + column, "07009");
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub driver: result set is closed");
        }
    }
}
