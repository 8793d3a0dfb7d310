package dev.jdbcmetrics.proxy;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.JdbcUrls;
import dev.jdbcmetrics.core.spi.ProcessEndpoint;
import dev.jdbcmetrics.proxy.internal.LeakDetector;
import dev.jdbcmetrics.proxy.internal.MeteredConnection;
import dev.jdbcmetrics.proxy.internal.MetricsUrl;
import dev.jdbcmetrics.proxy.internal.UrlModeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jdbc:metrics:} driver: {@code jdbc:metrics:postgresql://db:5432/app} connects through
 * the driver of {@code jdbc:postgresql://db:5432/app} and meters every statement, with no code
 * change. It works wherever a JDBC URL does: HikariCP's {@code jdbcUrl}, Spring's
 * {@code spring.datasource.url}, {@link DriverManager}.
 *
 * <p>Settings go in the URL's parameters or the connection properties and never reach the real
 * driver: {@code jdbcmetrics.name} (the {@code datasource} label; default host and database),
 * {@code jdbcmetrics.driver} (the real driver's class, for class-loader-isolated setups where
 * {@link DriverManager} cannot see it), {@code jdbcmetrics.slowQueryMillis} and
 * {@code jdbcmetrics.tableLabel}. Metrics go to Micrometer's global registry; with the exporter
 * module on the class path and {@code jdbcmetrics.exporter.port} set, the first connection starts
 * the process-wide {@code /metrics} endpoint.
 */
public final class MetricsDriver implements Driver {

    /** The instance registered with {@link DriverManager} when this class loads. */
    public static final MetricsDriver INSTANCE = new MetricsDriver();

    private static final AtomicBoolean registered = new AtomicBoolean();
    private static final AtomicBoolean endpointStarted = new AtomicBoolean();
    private static final int HIKARI_FRAME_DEPTH = 12;

    static {
        register();
    }

    /**
     * For {@link ServiceLoader} and pools that instantiate {@code driverClassName} themselves;
     * every instance shares the same metrics. Application code uses {@link #INSTANCE}.
     */
    public MetricsDriver() {
    }

    /** Registers {@link #INSTANCE} with {@link DriverManager}, once. */
    public static void register() {
        if (registered.compareAndSet(false, true)) {
            try {
                DriverManager.registerDriver(INSTANCE);
            } catch (SQLException e) {
                registered.set(false);
                throw new IllegalStateException("jdbc-metrics: could not register MetricsDriver", e);
            }
        }
    }

    /** Removes {@link #INSTANCE} from {@link DriverManager}, for containers that unload applications. */
    public static void deregister() throws SQLException {
        if (registered.compareAndSet(true, false)) {
            DriverManager.deregisterDriver(INSTANCE);
        }
    }

    /**
     * Sends the metrics of connections opened from now on to {@code registry} instead of
     * Micrometer's global registry (mostly for tests and for applications with their own registry).
     */
    public static void useRegistry(MeterRegistry registry) {
        UrlModeMetrics.useRegistry(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public boolean acceptsURL(String url) {
        // Every jdbc:metrics: URL is ours, malformed ones too: connect() explains what is wrong,
        // where DriverManager would only say "No suitable driver".
        return MetricsUrl.isOurs(url);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!MetricsUrl.isOurs(url)) {
            return null;
        }
        MetricsUrl parsed = MetricsUrl.parse(url, info);
        Driver driver = RealDrivers.find(parsed);
        String name = parsed.datasourceName();
        // The endpoint first: it adds its registry to the global one, and meters created before
        // that (the connection and transaction histograms) would never reach it.
        startEndpointOnce();
        // Every instance shares these: ServiceLoader and pools given driverClassName create their own.
        DataSourceMetrics metrics = UrlModeMetrics.metrics(name, parsed.realUrl(), parsed.config());
        if (openedByHikari()) {
            // A pool's physical connection is not a borrow: HikariCP's borrows are measured by
            // JdbcMetricsTrackerFactory, and counting its connects here would mix the two.
            return MeteredConnection.wrapPhysical(open(driver, parsed), metrics);
        }
        // A connection straight from the driver (DriverManager, a pool other than HikariCP) is a
        // borrow, watched for leaks when a threshold is set (a pool's physical connections are held
        // for the pool's life by design: HikariCP's leakDetectionThreshold watches its borrows).
        metrics.connections().measureBorrows();
        LeakDetector leaks = LeakDetector.of(metrics.config().leakThreshold(), metrics.connections(), name);
        return MeteredConnection.acquire(metrics, leaks, () -> open(driver, parsed));
    }

    /** Whether HikariCP's pool is opening this connection (a few frames up: its DriverDataSource). */
    private static boolean openedByHikari() {
        return StackWalker.getInstance().walk(frames -> frames.limit(HIKARI_FRAME_DEPTH)
                .anyMatch(frame -> frame.getClassName().startsWith("com.zaxxer.hikari.")));
    }

    private static Connection open(Driver driver, MetricsUrl parsed) throws SQLException {
        Connection connection = driver.connect(parsed.realUrl(), parsed.realProperties());
        if (connection == null) {
            throw new SQLException("jdbc-metrics: the driver " + driver.getClass().getName()
                    + " does not accept '" + JdbcUrls.redact(parsed.realUrl()) + "'", "08001");
        }
        return connection;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!MetricsUrl.isOurs(url)) {
            return new DriverPropertyInfo[0];
        }
        MetricsUrl parsed = MetricsUrl.parse(url, info);
        return RealDrivers.find(parsed).getPropertyInfo(parsed.realUrl(), parsed.realProperties());
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("jdbc-metrics logs through SLF4J");
    }

    private static void startEndpointOnce() {
        if (!endpointStarted.compareAndSet(false, true)) {
            return;
        }
        try {
            for (ProcessEndpoint endpoint : ServiceLoader.load(ProcessEndpoint.class, MetricsDriver.class.getClassLoader())) {
                endpoint.startIfConfigured();
            }
        } catch (RuntimeException | ServiceConfigurationError e) {
            // The application's connection matters more than our endpoint: report and go on.
            LoggerFactory.getLogger(MetricsDriver.class)
                    .error("jdbc-metrics: the /metrics endpoint did not start: {}", e.getMessage());
        }
    }

    /** Finds the real driver for a parsed URL. */
    static final class RealDrivers {

        private RealDrivers() {
        }

        static Driver find(MetricsUrl url) throws SQLException {
            String className = url.setting(MetricsUrl.DRIVER);
            if (className != null) {
                return byClassName(className, url);
            }
            for (Enumeration<Driver> drivers = DriverManager.getDrivers(); drivers.hasMoreElements();) {
                Driver driver = drivers.nextElement();
                if (!isOurs(driver) && accepts(driver, url.realUrl())) {
                    return driver;
                }
            }
            // DriverManager only shows drivers the caller's class loader can see; an application
            // server's context class loader may see more.
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                for (Driver driver : ServiceLoader.load(Driver.class, context)) {
                    if (!isOurs(driver) && accepts(driver, url.realUrl())) {
                        return driver;
                    }
                }
            }
            throw new SQLException("jdbc-metrics: no JDBC driver found for '" + JdbcUrls.redact(url.realUrl())
                    + "': put the driver for '" + subprotocol(url.realUrl()) + "' on the class path, or name its class"
                    + " with " + MetricsUrl.DRIVER + "=<class>", "08001");
        }

        private static Driver byClassName(String className, MetricsUrl url) throws SQLException {
            Class<?> type;
            try {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                type = Class.forName(className, true, context != null ? context : MetricsDriver.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new SQLException("jdbc-metrics: " + MetricsUrl.DRIVER + " names '" + className
                        + "', which is not on the class path", "08001");
            }
            if (!Driver.class.isAssignableFrom(type)) {
                throw new SQLException("jdbc-metrics: " + MetricsUrl.DRIVER + " names '" + className
                        + "', which is not a java.sql.Driver", "08001");
            }
            Driver driver;
            try {
                driver = (Driver) type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new SQLException("jdbc-metrics: could not create the driver '" + className + "': " + e, "08001");
            }
            if (!accepts(driver, url.realUrl())) {
                throw new SQLException("jdbc-metrics: the driver '" + className + "' does not accept '"
                        + JdbcUrls.redact(url.realUrl()) + "'", "08001");
            }
            return driver;
        }

        private static boolean isOurs(Driver driver) {
            return driver.getClass().getName().equals(MetricsDriver.class.getName());
        }

        private static boolean accepts(Driver driver, String url) {
            try {
                return driver.acceptsURL(url);
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }

        private static String subprotocol(String realUrl) {
            String rest = realUrl.substring("jdbc:".length());
            int colon = rest.indexOf(':');
            return colon < 0 ? rest : rest.substring(0, colon);
        }
    }
}
