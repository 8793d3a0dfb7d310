package dev.jdbcmetrics.benchmarks.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver that does no I/O: {@code jdbc:stub:<anything>} opens a {@link StubConnection}
 * that answers the benchmark's {@code Workloads} from memory. It isolates what a wrapper costs
 * from the database's own time and noise, as the stub driver of HikariCP's JMH suite does.
 *
 * <p>Found by {@link DriverManager} two ways: {@code META-INF/services/java.sql.Driver}, and
 * {@link #INSTANCE} registered when this class loads. Every JDBC method the workloads, HikariCP
 * and the wrapping tools do not call throws {@code SQLFeatureNotSupportedException("stub driver:
 * <method>")}.
 */
public final class StubDriver implements Driver {

    /** The prefix of every URL this driver accepts. */
    public static final String URL_PREFIX = "jdbc:stub:";

    /** The instance registered with {@link DriverManager} when this class loads. */
    public static final StubDriver INSTANCE = new StubDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For {@link java.util.ServiceLoader}; code uses {@link #INSTANCE}. */
    public StubDriver() {
    }

    /** The stub URL for {@code name}, e.g. {@code jdbc:stub:bench}; registers the driver if needed. */
    public static String url(String name) {
        return URL_PREFIX + name;
    }

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        return new StubConnection(url, info == null ? null : info.getProperty("user"));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw unsupported("getParentLogger");
    }

    /** The exception of every method the stub does not implement. */
    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("stub driver: " + method);
    }
}
