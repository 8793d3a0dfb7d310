package dev.jdbcmetrics.sidecar.demo;

import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.MetricType;
import dev.jdbcmetrics.sidecar.config.PoolConfig;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.sidecar.config.TargetConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --demo}: an in-memory H2 shop database, a sidecar watching it (pool of 4, one
 * collector) and a synthetic workload through the sidecar's metered pool, so that every metric
 * moves without any database to install.
 *
 * <pre>{@code
 * try (Demo demo = Demo.start(9853, null, null)) { ... }
 * }</pre>
 */
public final class Demo implements AutoCloseable {

    /** The demo's target name, the {@code datasource} and {@code target} label value. */
    public static final String TARGET = "demo";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final int WORKERS = 3;
    /** The statements the demo keeps per-statement series for. */
    static final int STATEMENT_TOP = 10;

    private final Sidecar sidecar;
    private final DemoWorkload workload;
    private final String url;

    private Demo(Sidecar sidecar, DemoWorkload workload, String url) {
        this.sidecar = sidecar;
        this.workload = workload;
        this.url = url;
    }

    /**
     * @return the demo's configuration, with a fresh in-memory database
     */
    static SidecarConfig config() {
        String url = "jdbc:h2:mem:jdbc-metrics-demo-" + DATABASES.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1";
        MetricConfig byStatus = new MetricConfig("demo_orders_by_status", MetricType.GAUGE,
                "Orders in the demo shop per status",
                "SELECT status, COUNT(*) AS n FROM orders GROUP BY status",
                List.of("status"), "n", 0);
        MetricConfig revenue = new MetricConfig("demo_order_items_value", MetricType.GAUGE,
                "Value of all order items in the demo shop",
                "SELECT COALESCE(SUM(quantity * unit_price), 0) AS v FROM order_items",
                List.of(), "v", 0);
        CollectorConfig collector = new CollectorConfig("demo_shop", Duration.ofSeconds(5),
                Duration.ofSeconds(2), List.of(byStatus, revenue));
        // Pool of 4 with a 1 s wait: the workload's bursts show pool pressure and timeouts.
        // Statement mode on, so that the live page and db_statement_* show the heaviest statements.
        TargetConfig target = new TargetConfig(TARGET, url, Optional.empty(), Optional.empty(),
                new PoolConfig(4, 1, Duration.ofSeconds(1)), List.of(collector.name()),
                Map.of("statement_top", Integer.toString(STATEMENT_TOP)));
        return new SidecarConfig(List.of(target), List.of(collector), Optional.empty());
    }

    /**
     * Creates the demo database, starts the sidecar over it and the workload.
     *
     * @param port      the port; 0 picks a free one
     * @param host      the host to listen on, or null for all interfaces
     * @param webConfig a {@code web-config.yml}, or null
     * @return the running demo
     * @throws ConfigException if the sidecar cannot start (never for the demo's own config)
     * @throws SQLException    if the demo schema cannot be created
     */
    public static Demo start(int port, String host, Path webConfig)
            throws ConfigException, SQLException {
        SidecarConfig config = config();
        String url = config.targets().get(0).url();
        try (Connection connection = DriverManager.getConnection(url)) {
            DemoSchema.create(connection);
        }
        Sidecar.Builder builder = Sidecar.builder(config).port(port);
        if (host != null) {
            builder.host(host);
        }
        if (webConfig != null) {
            builder.webConfig(webConfig);
        }
        Sidecar sidecar = builder.start();
        return new Demo(sidecar, new DemoWorkload(sidecar.dataSource(TARGET), WORKERS), url);
    }

    /** @return the port the endpoint listens on */
    public int getPort() {
        return sidecar.getPort();
    }

    /**
     * @param host the host name to show
     * @param port the port
     * @return what {@code --demo} prints on start: the URL and a few queries to try
     */
    public static String banner(String host, int port) {
        return "jdbc-metrics demo: serving http://" + host + ":" + port + "/metrics (Ctrl-C to"
                + " stop)\n"
                + "Live page: http://" + host + ":" + port + "/\n"
                + "Try in Prometheus:\n"
                + "  sum by (operation) (rate(db_queries_executed_total{datasource=\"demo\"}[1m]))\n"
                + "  sum by (sqlstate_class) (rate(db_queries_failed_total[5m]))\n"
                + "  histogram_quantile(0.99, sum by (le, operation)"
                + " (rate(db_query_duration_seconds_bucket[5m])))\n"
                + "  rate(db_slow_queries_total[5m])\n"
                + "  db_pool_saturation_ratio\n"
                + "  topk(5, rate(db_statement_duration_seconds_sum[5m])"
                + " * on (datasource, fingerprint) group_left (sql) db_statement_info)\n"
                + "  demo_orders_by_status\n";
    }

    /** Stops the workload and the sidecar, then drops the in-memory database. */
    @Override
    public void close() {
        workload.close();
        sidecar.close();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // Already gone.
        }
    }
}
