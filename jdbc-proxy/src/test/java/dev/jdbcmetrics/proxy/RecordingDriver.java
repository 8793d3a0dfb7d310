package dev.jdbcmetrics.proxy;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * A real driver for {@code jdbc:recording:<name>[;params]} that records what it is given and
 * connects to the H2 in-memory database {@code <name>}: proof of what reaches the real driver.
 */
final class RecordingDriver implements Driver {

    static final String PREFIX = "jdbc:recording:";

    /** One call as the driver saw it. */
    record Call(String method, String url, Properties properties) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();

    static RecordingDriver register() throws SQLException {
        RecordingDriver driver = new RecordingDriver();
        DriverManager.registerDriver(driver);
        return driver;
    }

    void deregister() throws SQLException {
        DriverManager.deregisterDriver(this);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        calls.add(new Call("connect", url, copy(info)));
        String rest = url.substring(PREFIX.length());
        int params = rest.indexOf(';');
        String database = params < 0 ? rest : rest.substring(0, params);
        return DriverManager.getConnection("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        calls.add(new Call("getPropertyInfo", url, copy(info)));
        return new DriverPropertyInfo[] {new DriverPropertyInfo("recorded", url)};
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
        throw new SQLFeatureNotSupportedException();
    }

    private static Properties copy(Properties info) {
        Properties copy = new Properties();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                copy.setProperty(key, info.getProperty(key));
            }
        }
        return copy;
    }
}
