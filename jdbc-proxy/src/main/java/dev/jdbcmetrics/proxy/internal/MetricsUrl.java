package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.JdbcUrls;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.MetricsSettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed {@code jdbc:metrics:} URL: the real driver's URL with every {@code jdbcmetrics.*}
 * setting taken out (of the URL's parameters and of the connection properties), and those
 * settings on their own. No {@code jdbcmetrics.*} setting ever reaches the real driver.
 *
 * <p>Internal API: not for application code.
 */
public final class MetricsUrl {

    /** The prefix of every URL this driver accepts. */
    public static final String PREFIX = "jdbc:metrics:";
    static final String SETTING_PREFIX = "jdbcmetrics.";

    /** The {@code datasource} label. */
    public static final String NAME = "jdbcmetrics.name";
    /** The real driver's class, for class-loader-isolated setups. */
    public static final String DRIVER = "jdbcmetrics.driver";
    /** The settings this class handles itself; the rest are {@link MetricsSettings} in their URL form. */
    private static final Set<String> OWN = Set.of(NAME, DRIVER);

    private final String realUrl;
    private final Properties realProperties;
    private final Map<String, String> settings;
    private final MetricsConfig config;

    private MetricsUrl(String realUrl, Properties realProperties, Map<String, String> settings, MetricsConfig config) {
        this.realUrl = realUrl;
        this.realProperties = realProperties;
        this.settings = settings;
        this.config = config;
    }

    /** Whether {@code url} starts with {@link #PREFIX}, in any case. */
    public static boolean isOurs(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Parses {@code url}, which {@link #isOurs}.
     *
     * @throws SQLException with SQLState 08001 and a message naming the problem, never the
     *                      password or other parameters
     */
    public static MetricsUrl parse(String url, Properties info) throws SQLException {
        String rest = url.substring(PREFIX.length());
        if (rest.isBlank()) {
            throw new SQLException("jdbc-metrics: the URL '" + JdbcUrls.redact(url) + "' names no driver:"
                    + " expected jdbc:metrics:<driver>:<the driver's own URL>, e.g. jdbc:metrics:postgresql://db:5432/app",
                    "08001");
        }
        int colon = rest.indexOf(':');
        String subprotocol = colon < 0 ? "" : rest.substring(0, colon);
        if (colon <= 0 || !subprotocol.matches("[A-Za-z][A-Za-z0-9+.-]*") || rest.length() == colon + 1) {
            throw new SQLException("jdbc-metrics: malformed URL '" + JdbcUrls.redact(url)
                    + "': expected jdbc:metrics:<driver>:<the driver's own URL>,"
                    + " e.g. jdbc:metrics:postgresql://db:5432/app", "08001");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        String realUrl = "jdbc:" + stripSettings(rest, settings);
        Properties properties = new Properties();
        if (info != null) {
            // Entries that are not strings go through as they are: some drivers take objects.
            for (Map.Entry<Object, Object> entry : info.entrySet()) {
                if (!(entry.getKey() instanceof String) || !(entry.getValue() instanceof String)) {
                    properties.put(entry.getKey(), entry.getValue());
                }
            }
            for (String key : info.stringPropertyNames()) {
                if (key.toLowerCase(Locale.ROOT).startsWith(SETTING_PREFIX)) {
                    settings.put(key, info.getProperty(key));
                } else {
                    properties.setProperty(key, info.getProperty(key));
                }
            }
        }
        return new MetricsUrl(realUrl, properties, settings, configOf(url, settings));
    }

    private static MetricsConfig configOf(String url, Map<String, String> settings) throws SQLException {
        Map<String, String> metricsSettings = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            if (OWN.contains(key)) {
                continue;
            }
            if (MetricsSettings.find(key, MetricsSettings.Form.URL) == null) {
                List<String> known = new ArrayList<>(OWN);
                known.addAll(MetricsSettings.keys(MetricsSettings.Form.URL));
                throw new SQLException("jdbc-metrics: unknown setting '" + key + "' for '" + JdbcUrls.redact(url)
                        + "'; known settings: " + String.join(", ", new TreeSet<>(known)), "08001");
            }
            metricsSettings.put(key, setting.getValue());
        }
        try {
            return MetricsSettings.config(metricsSettings, MetricsSettings.Form.URL);
        } catch (IllegalArgumentException e) {
            throw new SQLException("jdbc-metrics: " + e.getMessage(), "08001");
        }
    }

    /** The real driver's URL: the prefix and every {@code jdbcmetrics.*} setting taken out. */
    public String realUrl() {
        return realUrl;
    }

    /** The connection properties for the real driver: no {@code jdbcmetrics.*} key. */
    public Properties realProperties() {
        return realProperties;
    }

    /** The value of a {@code jdbcmetrics.*} setting, or null when it is not set. */
    public String setting(String key) {
        return settings.get(key);
    }

    /** The configuration the settings give: defaults for what they leave out. */
    public MetricsConfig config() {
        return config;
    }

    /** The {@code datasource} label: the name setting, else host and database from the URL. */
    public String datasourceName() {
        String name = settings.get(NAME);
        return name != null && !name.isBlank() ? name : JdbcUrls.datasourceName(realUrl);
    }

    /**
     * Removes {@code jdbcmetrics.*=value} parameters from the URL, whichever separator the driver
     * uses ({@code ?} and {@code &}, or {@code ;}), keeping everything else byte for byte.
     */
    private static String stripSettings(String url, Map<String, String> settings) {
        StringBuilder out = new StringBuilder(url.length());
        // A setting removed from the start of the query leaves the query to the next parameter kept.
        boolean queryStartRemoved = false;
        int i = 0;
        while (i < url.length()) {
            char c = url.charAt(i);
            boolean separator = c == '?' || c == '&' || c == ';';
            if (separator && url.regionMatches(true, i + 1, SETTING_PREFIX, 0, SETTING_PREFIX.length())) {
                int end = i + 1;
                while (end < url.length() && "&;".indexOf(url.charAt(end)) < 0) {
                    end++;
                }
                String pair = url.substring(i + 1, end);
                int eq = pair.indexOf('=');
                settings.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                queryStartRemoved |= c == '?';
                i = end;
                continue;
            }
            if (queryStartRemoved) {
                queryStartRemoved = false;
                if (c == '&') {
                    c = '?';
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
