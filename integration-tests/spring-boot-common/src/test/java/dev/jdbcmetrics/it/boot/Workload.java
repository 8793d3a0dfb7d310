package dev.jdbcmetrics.it.boot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scripted workload, through {@link JdbcTemplate}: on a table of its own, 1 CREATE TABLE,
 * {@value #INSERTS} INSERTs, {@value #SELECTS} SELECTs returning one row each and 1 SELECT of a
 * missing column (SQLState 42703); {@link #drop} removes the table.
 */
final class Workload {

    static final int INSERTS = 3;
    static final int SELECTS = 5;
    static final int FAILING_SELECTS = 1;
    /** One JdbcTemplate call (so one borrow) per statement above. */
    static final int STATEMENTS = 1 + INSERTS + SELECTS + FAILING_SELECTS;

    private final JdbcTemplate jdbc;
    private final String table;

    private Workload(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** Runs the workload on a new table named {@code prefix} plus a random suffix. */
    static Workload run(JdbcTemplate jdbc, String prefix) {
        Workload workload = new Workload(jdbc, prefix + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)));
        workload.execute();
        return workload;
    }

    /** The table's name, as the {@code table} label shows it. */
    String table() {
        return table;
    }

    private void execute() {
        jdbc.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
        for (int i = 1; i <= INSERTS; i++) {
            jdbc.update("INSERT INTO " + table + " (id, name) VALUES (?, ?)", i, "row " + i);
        }
        for (int i = 0; i < SELECTS; i++) {
            jdbc.queryForObject("SELECT name FROM " + table + " WHERE id = ?", String.class, 1 + i % INSERTS);
        }
        assertThatThrownBy(() -> jdbc.queryForList("SELECT no_such_column FROM " + table))
                .isInstanceOf(DataAccessException.class)
                .rootCause().isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42703");
    }

    /** Drops the table, through another path than the metered one is fine: the counts are read already. */
    void drop() {
        jdbc.execute("DROP TABLE IF EXISTS " + table);
    }
}
