package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scripted workload on H2 behind HikariCP, read back through a real Prometheus scrape. */
class MeteredDataSourceTest {

    private static final String DS = label("datasource", "orders");
    private static final String SELECT = label("operation", "select");
    private static final String INSERT = label("operation", "insert");
    private static final String UPDATE = label("operation", "update");
    private static final String DELETE = label("operation", "delete");
    private static final String ORDERS = label("table", "orders");

    private PrometheusMeterRegistry registry;
    private HikariDataSource pool;
    private MeteredDataSource dataSource;

    @BeforeEach
    void setUp() throws SQLException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20), amount INT)");
        }
        dataSource = MeteredDataSource.builder(pool).name("orders").registry(registry).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        dataSource.close();
        registry.close();
    }

    @Test
    void scriptedWorkloadGivesExactMetrics() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
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
                assertThat(insert.executeBatch()).containsExactly(1, 1, 1, 1, 1);
            }
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT id FROM orders WHERE status = 'new'")) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                    }
                    assertThat(rows).isEqualTo(4);
                }
                // Not read to the end: the rows read before close are the ones that count.
                try (ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
                    for (int i = 0; i < 7; i++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
                assertThat(s.executeUpdate("UPDATE orders SET status = 'late' WHERE id < 4")).isEqualTo(3);
                assertThat(s.execute("DELETE FROM orders WHERE id = 15")).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(1);
            }
        }

        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_queries_executed_total", DS, INSERT, ORDERS)).isEqualTo(11);
        assertThat(scrape.value("db_rows_affected_total", DS, INSERT, ORDERS)).isEqualTo(15);
        assertThat(scrape.value("db_queries_executed_total", DS, SELECT, ORDERS)).isEqualTo(2);
        assertThat(scrape.value("db_rows_returned_total", DS, SELECT, ORDERS)).isEqualTo(11);
        assertThat(scrape.value("db_query_rows_count", DS, SELECT, ORDERS)).isEqualTo(2);
        assertThat(scrape.value("db_query_rows_sum", DS, SELECT, ORDERS)).isEqualTo(11);
        assertThat(scrape.value("db_query_rows_bucket", DS, SELECT, ORDERS, label("le", "1.0"))).isEqualTo(0);
        assertThat(scrape.value("db_query_rows_bucket", DS, SELECT, ORDERS, label("le", "10.0"))).isEqualTo(2);
        assertThat(scrape.value("db_queries_executed_total", DS, UPDATE, ORDERS)).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", DS, UPDATE, ORDERS)).isEqualTo(3);
        assertThat(scrape.value("db_queries_executed_total", DS, DELETE, ORDERS)).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", DS, DELETE, ORDERS)).isEqualTo(1);
        assertThat(scrape.value("db_query_duration_seconds_count", DS, INSERT, ORDERS, label("outcome", "success")))
                .isEqualTo(11);
        assertThat(scrape.value("db_query_duration_seconds_bucket", DS, INSERT, ORDERS,
                label("outcome", "success"), label("le", "+Inf"))).isEqualTo(11);
        assertThat(scrape.has("db_queries_failed_total")).isFalse();
        assertThat(scrape.value("db_slow_queries_total", DS, SELECT, ORDERS)).isEqualTo(0);
        assertThat(scrape.value("db_connection_acquire_seconds_count", DS)).isEqualTo(1);
        assertThat(scrape.value("db_connection_usage_seconds_count", DS)).isEqualTo(1);
        assertThat(scrape.value("db_connections_active", DS)).isEqualTo(0);
        assertThat(scrape.value("db_connections_pending", DS)).isEqualTo(0);
        assertThat(scrape.value("db_connections_max", DS)).isEqualTo(4);
        assertThat(scrape.value("db_connections_min", DS)).isEqualTo(1);
        assertThat(scrape.value("db_pool_saturation_ratio", DS)).isEqualTo(0);
        assertThat(scrape.value("jdbc_metrics_recording_errors_total", DS)).isEqualTo(0);
    }

    @Test
    void failuresAreCountedBySqlStateClassAndRethrownUnchanged() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders VALUES (1, 'new', 5)");
            SQLException duplicate = catchSql(() -> s.executeUpdate("INSERT INTO orders VALUES (1, 'new', 5)"));
            assertThat(duplicate.getSQLState()).isEqualTo("23505");
            assertThat(duplicate.getClass().getName()).startsWith("org.h2.");
            SQLException syntax = catchSql(() -> s.executeQuery("SELEC * FROM orders"));
            assertThat(syntax.getSQLState()).startsWith("42");
            SQLException missing = catchSql(() -> s.executeQuery("SELECT * FROM no_such_table"));
            assertThat(missing.getSQLState()).isEqualTo("42S02");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, 'x', 1)")) {
                p.setInt(1, 2);
                p.addBatch();
                p.setInt(1, 1);
                p.addBatch();
                p.setInt(1, 3);
                p.addBatch();
                assertThatThrownBy(p::executeBatch).isInstanceOf(BatchUpdateException.class);
            }
        }

        Scrape scrape = Scrape.of(registry);
        String constraint = label("sqlstate_class", "23");
        assertThat(scrape.value("db_queries_failed_total", DS, INSERT, ORDERS, constraint)).isEqualTo(2);
        assertThat(scrape.value("db_queries_failed_total", DS, label("operation", "other"),
                label("sqlstate_class", "42"))).isEqualTo(1);
        assertThat(scrape.value("db_queries_failed_total", DS, SELECT, label("table", "no_such_table"),
                label("sqlstate_class", "42"))).isEqualTo(1);
        assertThat(scrape.value("db_queries_executed_total", DS, INSERT, ORDERS)).isEqualTo(3);
        assertThat(scrape.value("db_query_duration_seconds_count", DS, INSERT, ORDERS, label("outcome", "error")))
                .isEqualTo(2);
        assertThat(scrape.value("db_query_duration_seconds_count", DS, INSERT, ORDERS, label("outcome", "success")))
                .isEqualTo(1);
        // H2 runs a failing batch to the end: the two good rows of the three were inserted.
        assertThat(scrape.value("db_rows_affected_total", DS, INSERT, ORDERS)).isEqualTo(3);
    }

    @Test
    void transactionsAreCountedByOutcome() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO orders VALUES (1, 'new', 5)");
                s.executeUpdate("INSERT INTO orders VALUES (2, 'new', 5)");
                c.commit();
                s.executeUpdate("INSERT INTO orders VALUES (3, 'new', 5)");
                c.rollback();
                s.executeUpdate("INSERT INTO orders VALUES (4, 'new', 5)");
                c.setAutoCommit(true); // commits, as JDBC says
                s.executeUpdate("INSERT INTO orders VALUES (5, 'new', 5)");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
        }
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_transactions_total", DS, label("outcome", "commit"))).isEqualTo(2);
        assertThat(scrape.value("db_transactions_total", DS, label("outcome", "rollback"))).isEqualTo(1);
        assertThat(scrape.value("db_transaction_duration_seconds_count", DS, label("outcome", "commit"))).isEqualTo(2);
        assertThat(scrape.value("db_transaction_duration_seconds_count", DS, label("outcome", "rollback")))
                .isEqualTo(1);
    }

    @Test
    void callableStatementsAndLargeUpdatesAreMetered() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE ALIAS add_one FOR \"java.lang.Math.incrementExact(int)\"");
                assertThat(s.executeLargeUpdate("INSERT INTO orders VALUES (1, 'new', 5)")).isEqualTo(1L);
            }
            try (CallableStatement call = c.prepareCall("{? = call add_one(?)}")) {
                call.registerOutParameter(1, java.sql.Types.INTEGER);
                call.setInt(2, 41);
                call.execute();
                assertThat(call.getInt(1)).isEqualTo(42);
            }
        }
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_queries_executed_total", DS, label("operation", "call"), label("table", "add_one")))
                .isEqualTo(1);
        assertThat(scrape.value("db_queries_executed_total", DS, label("operation", "ddl"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", DS, INSERT, ORDERS)).isEqualTo(1);
    }

    @Test
    void wrappersAreReturnedAndCloseIsIdempotent() throws SQLException {
        Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1");
        assertThat(rs.getStatement()).isSameAs(s);
        assertThat(s.getConnection()).isSameAs(c);
        assertThat(s.getResultSet()).isSameAs(rs);
        assertThat(c.getMetaData().getConnection()).isSameAs(c);
        PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (7, 'x', 1)", Statement.RETURN_GENERATED_KEYS);
        p.executeUpdate();
        assertThat(p.getGeneratedKeys().getStatement()).isSameAs(p);
        rs.close();
        rs.close();
        s.close();
        s.close();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_connection_usage_seconds_count", DS)).isEqualTo(1);
        assertThat(scrape.value("db_connections_active", DS)).isEqualTo(0);
    }

    @Test
    void resultSetsLeftOpenAreCountedWhenTheConnectionCloses() throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, 'x', 1)")) {
            for (int id = 1; id <= 3; id++) {
                insert.setInt(1, id);
                insert.executeUpdate();
            }
        }
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM orders");
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isTrue();
        c.close();
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_rows_returned_total", DS, SELECT, ORDERS)).isEqualTo(2);
        assertThat(scrape.value("db_query_rows_count", DS, SELECT, ORDERS)).isEqualTo(1);
    }

    @Test
    void twoPoolsWithOneNameCountIntoTheSameSeriesUntilTheLastCloses() throws Exception {
        org.h2.jdbcx.JdbcDataSource other = new org.h2.jdbcx.JdbcDataSource();
        other.setURL("jdbc:h2:mem:second" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        MeteredDataSource second = MeteredDataSource.builder(other).name("orders").registry(registry).build();
        for (DataSource ds : new DataSource[] {dataSource, second, second}) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        assertThat(Scrape.of(registry).value("db_queries_executed_total", DS, SELECT)).isEqualTo(3);
        second.close();
        assertThat(Scrape.of(registry).value("db_queries_executed_total", DS, SELECT)).isEqualTo(3);
        dataSource.close();
        assertThat(Scrape.of(registry).has("db_queries_executed_total")).isFalse();
        dataSource = MeteredDataSource.builder(pool).name("orders").registry(registry).build();
    }

    @Test
    void connectionsByUserAndByBuilderAreMeteredLikeAnyOther() throws Exception {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:builder" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        DataSource withBuilder = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("createConnectionBuilder")) {
                        return (java.sql.ConnectionBuilder) java.lang.reflect.Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {java.sql.ConnectionBuilder.class},
                                (b, m, a) -> m.getName().equals("build") ? h2.getConnection("sa", "") : b);
                    }
                    try {
                        return method.invoke(h2, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause(); // the driver's own exception, as a real data source throws it
                    }
                });
        try (MeteredDataSource ds = MeteredDataSource.builder(withBuilder).name("built").registry(registry).build()) {
            try (Connection byUser = ds.getConnection("sa", "");
                    Connection built = ds.createConnectionBuilder().user("sa").password("").build()) {
                assertThat(Scrape.of(registry).value("db_connections_active", label("datasource", "built")))
                        .isEqualTo(2);
                assertThat(built.createStatement().getConnection()).isSameAs(built);
            }
            assertThatThrownBy(() -> ds.getConnection("nobody", "wrong")).isInstanceOf(SQLException.class);
            Scrape scrape = Scrape.of(registry);
            String built = label("datasource", "built");
            assertThat(scrape.value("db_connection_acquire_seconds_count", built)).isEqualTo(3);
            assertThat(scrape.value("db_connection_usage_seconds_count", built)).isEqualTo(2);
            assertThat(scrape.value("db_connection_acquire_failures_total", built, label("sqlstate_class", "28")))
                    .isEqualTo(1);
            assertThat(scrape.value("db_connections_active", built)).isEqualTo(0);
        }
    }

    @Test
    void abortEndsTheLeaseLikeClose() throws SQLException {
        Connection c = dataSource.getConnection();
        assertThat(Scrape.of(registry).value("db_connections_active", DS)).isEqualTo(1);
        c.abort(Runnable::run);
        c.close();
        assertThat(c.isClosed()).isTrue();
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_connections_active", DS)).isEqualTo(0);
        assertThat(scrape.value("db_connection_usage_seconds_count", DS)).isEqualTo(1);
    }

    @Test
    void unwrapReachesThePoolAndTheDriver() throws SQLException {
        assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
        assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(pool);
        assertThat(dataSource.unwrap(com.zaxxer.hikari.HikariConfigMXBean.class)).isSameAs(pool);
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
            assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isInstanceOf(org.h2.jdbc.JdbcConnection.class);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static SQLException catchSql(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected an SQLException");
    }
}
