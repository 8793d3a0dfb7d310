package dev.jdbcmetrics.sidecar.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady, varied load on the demo shop: reads of varying size, writes, batches,
 * transactions that commit or roll back, statements that fail (unique violation, syntax
 * error), slow calls, and now and then a burst that exhausts the pool. Each thread sleeps
 * between operations, so the demo stays light on CPU.
 */
final class DemoWorkload implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(DemoWorkload.class);
    private static final long BURST_EVERY_MILLIS = 20_000;

    private final DataSource dataSource;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    DemoWorkload(DataSource dataSource, int workers) {
        this.dataSource = dataSource;
        threads.add(thread("jdbc-metrics-demo-worker-1", () -> {
            tour();
            work();
        }));
        for (int i = 2; i <= workers; i++) {
            threads.add(thread("jdbc-metrics-demo-worker-" + i, this::work));
        }
        threads.add(thread("jdbc-metrics-demo-burst", this::bursts));
        threads.forEach(Thread::start);
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Every kind of operation once, so that every metric has a series from the start. */
    private void tour() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<SqlAction> actions = List.of(() -> customer(1), () -> customerOrders(2),
                () -> report(100), () -> placeOrder(random), () -> updateStatus(random),
                () -> audit(10), this::cleanUp, () -> duplicateCustomer(3), this::badSyntax,
                this::slowCall, this::pointlessTransaction);
        for (SqlAction action : actions) {
            try {
                action.run();
            } catch (SQLException e) {
                logger.debug("demo statement failed: SQLState {}", e.getSQLState());
            }
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    private void work() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            try {
                int pick = random.nextInt(100);
                if (pick < 25) {
                    customer(random.nextInt(1, DemoSchema.CUSTOMERS + 1));
                } else if (pick < 45) {
                    customerOrders(random.nextInt(1, DemoSchema.CUSTOMERS + 1));
                } else if (pick < 52) {
                    report(random.nextInt(10, 500));
                } else if (pick < 66) {
                    placeOrder(random);
                } else if (pick < 78) {
                    updateStatus(random);
                } else if (pick < 84) {
                    audit(random.nextInt(5, 20));
                } else if (pick < 87) {
                    cleanUp();
                } else if (pick < 92) {
                    duplicateCustomer(random.nextInt(1, DemoSchema.CUSTOMERS + 1));
                } else if (pick < 95) {
                    badSyntax();
                } else if (pick < 97) {
                    slowCall();
                } else {
                    pointlessTransaction();
                }
            } catch (SQLException e) {
                // Expected: the demo fails on purpose, and the burst makes borrowers time out.
                logger.debug("demo statement failed: SQLState {}", e.getSQLState());
            }
            pause(random.nextLong(40, 160));
        }
    }

    private void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    private void customer(int id) throws SQLException {
        query("SELECT id, email, name FROM customers WHERE id = ?", id);
    }

    private void customerOrders(int customer) throws SQLException {
        query("SELECT o.id, o.status, o.created_at FROM orders o WHERE o.customer_id = ?"
                + " ORDER BY o.created_at DESC", customer);
    }

    private void report(int limit) throws SQLException {
        query("SELECT o.id, SUM(i.quantity * i.unit_price) AS total FROM orders o"
                + " JOIN order_items i ON i.order_id = o.id GROUP BY o.id ORDER BY total DESC"
                + " LIMIT ?", limit);
    }

    private void query(String sql, int parameter) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setInt(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    rows.getObject(1);
                }
            }
        }
    }

    private void placeOrder(ThreadLocalRandom random) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long order;
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO orders (customer_id, status) VALUES (?, 'new')",
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.setInt(1, random.nextInt(1, DemoSchema.CUSTOMERS + 1));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        order = keys.getLong(1);
                    }
                }
                try (PreparedStatement items = c.prepareStatement(
                        "INSERT INTO order_items (order_id, product_id, quantity, unit_price)"
                                + " SELECT ?, id, ?, price FROM products WHERE id = ?")) {
                    int first = random.nextInt(1, DemoSchema.PRODUCTS - 4);
                    int count = random.nextInt(1, 5);
                    for (int product = first; product < first + count; product++) {
                        items.setLong(1, order);
                        items.setInt(2, random.nextInt(1, 4));
                        items.setInt(3, product);
                        items.addBatch();
                    }
                    items.executeBatch();
                }
                if (random.nextInt(10) == 0) {
                    c.rollback(); // "out of stock"
                } else {
                    c.commit();
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void updateStatus(ThreadLocalRandom random) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "UPDATE orders SET status = ? WHERE id = (SELECT MAX(id) FROM orders) - ?")) {
            update.setString(1, DemoSchema.STATUSES[random.nextInt(DemoSchema.STATUSES.length)]);
            update.setInt(2, random.nextInt(50));
            update.executeUpdate();
        }
    }

    private void audit(int events) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO audit_log (event) VALUES (?)")) {
            for (int i = 0; i < events; i++) {
                insert.setString(1, "event " + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void cleanUp() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.executeUpdate("DELETE FROM audit_log WHERE id < (SELECT MAX(id) - 500"
                    + " FROM audit_log)");
        }
    }

    private void duplicateCustomer(int id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO customers (id, email, name) VALUES (?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, "customer" + id + "@example.com");
            insert.setString(3, "Again");
            insert.executeUpdate(); // unique violation: SQLState class 23
        }
    }

    private void badSyntax() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.executeQuery("SELEC id FROM customers"); // syntax error: class 42
        }
    }

    private void slowCall() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.execute("CALL SLEEP_MS(1200)"); // over the 1 s slow-query threshold
        }
    }

    private void pointlessTransaction() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement statement = c.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM orders").close();
                c.rollback();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Holds every connection for a moment, so that other borrowers wait and some time out. */
    private void bursts() {
        while (running) {
            pause(BURST_EVERY_MILLIS);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(dataSource.getConnection());
                }
                pause(1500);
            } catch (SQLException e) {
                logger.debug("demo burst could not take every connection");
            } finally {
                for (Connection connection : held) {
                    try {
                        connection.close();
                    } catch (SQLException ignored) {
                        // The pool reclaims it either way.
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
