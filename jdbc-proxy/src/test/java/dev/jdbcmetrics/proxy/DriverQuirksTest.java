package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Driver behaviours H2 does not have, put in front of a real H2 database by a
 * {@link Proxy} on its statements: update counts that can be read only once (JDBC: "should be
 * called only once per result"), and a driver that throws a RuntimeException.
 */
class DriverQuirksTest {

    private static final String DS = label("datasource", "quirks");
    private static final String SELECT = label("operation", "select");
    private static final String UPDATE = label("operation", "update");
    private static final String ORDERS = label("table", "orders");
    private static final IllegalStateException DRIVER_BUG = new IllegalStateException("driver bug");

    private final List<String> connectionCalls = new CopyOnWriteArrayList<>();
    private PrometheusMeterRegistry registry;
    private MeteredDataSource dataSource;

    @BeforeEach
    void setUp() throws SQLException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount INT)");
            s.execute("INSERT INTO orders VALUES (1, 10), (2, 20), (3, 30)");
        }
        dataSource = MeteredDataSource.builder(quirky(h2)).name("quirks").registry(registry).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        dataSource.close();
        registry.close();
    }

    @Test
    void anUpdateCountReadableOnlyOnceStillReachesTheApplication() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("UPDATE orders SET amount = amount + 1")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(3);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);

            assertThat(s.execute("UPDATE orders SET amount = 0 WHERE id = 1")).isFalse();
            assertThat(s.getLargeUpdateCount()).isEqualTo(1L);
        }
        assertThat(Scrape.of(registry).value("db_rows_affected_total", DS, UPDATE, ORDERS)).isEqualTo(4);
    }

    @Test
    void aRuntimeExceptionFromTheDriverIsCountedAsAFailedExecutionAndRethrownUnchanged() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT id FROM orders WHERE amount = -1"))
                    .isSameAs(DRIVER_BUG);
            assertThatThrownBy(() -> s.execute("SELECT id FROM orders WHERE amount = -1")).isSameAs(DRIVER_BUG);
        }
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_queries_executed_total", DS, SELECT, ORDERS)).isEqualTo(2);
        assertThat(scrape.value("db_queries_failed_total", DS, SELECT, ORDERS, label("sqlstate_class", "none")))
                .isEqualTo(2);
        assertThat(scrape.value("db_query_duration_seconds_count", DS, SELECT, ORDERS, label("outcome", "error")))
                .isEqualTo(2);
    }

    @Test
    void abortingAsksTheDriverNothingElseAndEndsAKnownTransaction() throws SQLException {
        // abort() is for a connection stuck in a query; a driver may block any other call on it
        // (MySQL Connector/J's getAutoCommit waits for the connection's lock).
        Connection autoCommitUnknown = dataSource.getConnection();
        try (Statement s = autoCommitUnknown.createStatement()) {
            s.executeUpdate("UPDATE orders SET amount = 1 WHERE id = 1");
        }
        connectionCalls.clear();
        autoCommitUnknown.abort(Runnable::run);
        assertThat(connectionCalls).containsExactly("abort");
        Connection inTransaction = dataSource.getConnection();
        inTransaction.setAutoCommit(false);
        try (Statement s = inTransaction.createStatement()) {
            s.executeUpdate("UPDATE orders SET amount = 2 WHERE id = 2");
        }
        connectionCalls.clear();
        inTransaction.abort(Runnable::run);

        assertThat(connectionCalls).containsExactly("abort");
        Scrape scrape = Scrape.of(registry);
        assertThat(scrape.value("db_transactions_total", DS, label("outcome", "rollback"))).isEqualTo(1);
        assertThat(scrape.value("db_connections_active", DS)).isEqualTo(0);
    }

    /** H2, with statements whose update count reads once per result and which fail on amount = -1. */
    private DataSource quirky(DataSource h2) {
        return proxy(DataSource.class, h2, (target, method, args) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, method.invoke(target, args), (connection, m, a) -> {
                    connectionCalls.add(m.getName());
                    return m.getName().equals("createStatement")
                            ? proxy(Statement.class, m.invoke(connection, a), new ReadOnceUpdateCount())
                            : m.invoke(connection, a);
                })
                : method.invoke(target, args));
    }

    private static final class ReadOnceUpdateCount implements TargetHandler {
        private boolean countRead;

        @Override
        public Object invoke(Object statement, java.lang.reflect.Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("execute") && args != null && String.valueOf(args[0]).contains("amount = -1")) {
                throw DRIVER_BUG;
            }
            if (name.equals("getUpdateCount") || name.equals("getLargeUpdateCount")) {
                if (countRead) {
                    return name.equals("getUpdateCount") ? (Object) (-1) : (Object) (-1L);
                }
                countRead = true;
            } else if (name.startsWith("execute") || name.equals("getMoreResults")) {
                countRead = false;
            }
            return method.invoke(statement, args);
        }
    }

    private interface TargetHandler {
        Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, TargetHandler handler) {
        InvocationHandler unwrapping = (p, method, args) -> {
            try {
                return handler.invoke(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause(); // the driver's own exception, as it threw it
            }
        };
        return (T) Proxy.newProxyInstance(DriverQuirksTest.class.getClassLoader(), new Class<?>[] {type}, unwrapping);
    }
}
