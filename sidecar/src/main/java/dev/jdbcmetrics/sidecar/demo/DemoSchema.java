package dev.jdbcmetrics.sidecar.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/** The demo shop: customers, products, orders, order items and an audit log, with seed data. */
final class DemoSchema {

    static final int CUSTOMERS = 200;
    static final int PRODUCTS = 20;
    static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "cancelled"};

    private DemoSchema() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100)"
                    + " NOT NULL UNIQUE, name VARCHAR(100) NOT NULL)");
            statement.execute("CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100)"
                    + " NOT NULL, price DECIMAL(10,2) NOT NULL)");
            statement.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " customer_id INT NOT NULL REFERENCES customers(id), status VARCHAR(20)"
                    + " NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            statement.execute("CREATE TABLE order_items (order_id BIGINT NOT NULL REFERENCES"
                    + " orders(id) ON DELETE CASCADE, product_id INT NOT NULL REFERENCES"
                    + " products(id), quantity INT NOT NULL, unit_price DECIMAL(10,2) NOT NULL,"
                    + " PRIMARY KEY (order_id, product_id))");
            statement.execute("CREATE TABLE audit_log (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " event VARCHAR(100) NOT NULL, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            statement.execute("CREATE INDEX orders_customer ON orders(customer_id)");
            statement.execute("CREATE ALIAS SLEEP_MS FOR '" + DemoFunctions.class.getName()
                    + ".sleepMs'");
        }
        Random random = new Random(42);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO customers (id, email, name) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= CUSTOMERS; i++) {
                insert.setInt(1, i);
                insert.setString(2, "customer" + i + "@example.com");
                insert.setString(3, "Customer " + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO products (id, name, price) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= PRODUCTS; i++) {
                insert.setInt(1, i);
                insert.setString(2, "Product " + i);
                insert.setBigDecimal(3, java.math.BigDecimal.valueOf(100 + random.nextInt(9900), 2));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement order = connection.prepareStatement(
                "INSERT INTO orders (customer_id, status) VALUES (?, ?)")) {
            for (int i = 0; i < 300; i++) {
                order.setInt(1, 1 + random.nextInt(CUSTOMERS));
                order.setString(2, STATUSES[random.nextInt(STATUSES.length)]);
                order.addBatch();
            }
            order.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO order_items (order_id, product_id, quantity, unit_price)"
                    + " SELECT o.id, p.id, 1 + MOD(o.id + p.id, 3), p.price FROM orders o"
                    + " JOIN products p ON MOD(o.id * 7 + p.id, 6) = 0");
        }
    }
}
