package dev.jdbcmetrics.core;

import java.sql.SQLException;

/**
 * The {@code sqlstate_class} label: the first two characters of an exception's SQLState.
 *
 * <p>All 1,296 possible classes ({@code [0-9A-Z]{2}}) are interned once, so labelling a failure
 * never allocates; anything else (no SQLState, too short, other characters) is {@link #NONE}.
 */
public final class SqlStateClass {

    /** The label value when an exception carries no usable SQLState. */
    public static final String NONE = "none";

    /** How many distinct classes exist: the size of a table indexed by {@link #index}. */
    public static final int COUNT = 36 * 36 + 1;

    private static final String[] VALUES = new String[COUNT];

    static {
        for (int i = 0; i < 36 * 36; i++) {
            VALUES[i] = new String(new char[] {symbol(i / 36), symbol(i % 36)});
        }
        VALUES[COUNT - 1] = NONE;
    }

    private SqlStateClass() {
    }

    /** The label value for an {@link #index}. */
    public static String label(int index) {
        return VALUES[index];
    }

    /**
     * A dense index in {@code [0, COUNT)} for the class of {@code failure}'s SQLState; {@code COUNT - 1}
     * ({@link #NONE}) when it is null, not an {@link SQLException} or has no usable SQLState.
     */
    public static int index(Throwable failure) {
        String state = failure instanceof SQLException e ? e.getSQLState() : null;
        if (state == null || state.length() < 2) {
            return COUNT - 1;
        }
        int first = digit(state.charAt(0));
        int second = digit(state.charAt(1));
        return first < 0 || second < 0 ? COUNT - 1 : first * 36 + second;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static char symbol(int digit) {
        return (char) (digit < 10 ? '0' + digit : 'A' + digit - 10);
    }
}
