package dev.jdbcmetrics.core;

import java.util.Locale;

/**
 * JDBC URL helpers that never leak credentials: the {@code datasource} label derived from a URL,
 * and the redacted form of a URL for error messages.
 */
public final class JdbcUrls {

    private static final int MAX_NAME_LENGTH = 64;

    private JdbcUrls() {
    }

    /**
     * A {@code datasource} label value derived from a JDBC URL: host and database only, never a
     * user, password, port or parameter. {@code jdbc:postgresql://db:5432/orders?password=x}
     * gives {@code db/orders}; {@code jdbc:h2:mem:test;MODE=MySQL} gives {@code h2/test};
     * {@code jdbc:oracle:thin:@//dbhost:1521/sales} gives {@code dbhost/sales}.
     *
     * @return the name, or {@code "default"} when nothing usable is in the URL
     */
    public static String datasourceName(String url) {
        if (url == null) {
            return "default";
        }
        String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        int slashes = rest.indexOf("//");
        String name;
        if (slashes >= 0) {
            String authorityAndPath = cutParameters(rest.substring(slashes + 2));
            int slash = authorityAndPath.indexOf('/');
            String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
            String database = slash < 0 ? "" : authorityAndPath.substring(slash + 1);
            String host = hostOf(authority);
            name = database.isEmpty() ? host : host + "/" + database;
        } else {
            // Driver-specific forms without an authority: jdbc:h2:mem:test, jdbc:sqlite:/tmp/a.db
            String subprotocol = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
            String path = cutParameters(rest);
            int cut = Math.max(path.lastIndexOf(':'), Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
            String database = path.substring(cut + 1);
            name = database.isEmpty() || database.equals(subprotocol) ? subprotocol : subprotocol + "/" + database;
        }
        name = sanitize(name);
        return name.isEmpty() ? "default" : name;
    }

    /**
     * The URL with everything that may hold a secret removed: user info before {@code @} and all
     * parameters (after {@code ?} or {@code ;}) replaced by {@code ...}.
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int slashes = url.indexOf("//");
        String redacted = url;
        if (slashes >= 0) {
            int at = url.indexOf('@', slashes);
            int pathStart = url.indexOf('/', slashes + 2);
            if (at >= 0 && (pathStart < 0 || at < pathStart)) {
                redacted = url.substring(0, slashes + 2) + "***@" + url.substring(at + 1);
            }
        }
        int params = firstOf(redacted, '?', ';', '&');
        return params < 0 ? redacted : redacted.substring(0, params) + redacted.charAt(params) + "...";
    }

    private static String cutParameters(String s) {
        int cut = firstOf(s, '?', ';', '&');
        return cut < 0 ? s : s.substring(0, cut);
    }

    private static int firstOf(String s, char... chars) {
        int first = -1;
        for (char c : chars) {
            int i = s.indexOf(c);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    private static String hostOf(String authority) {
        String hosts = authority.substring(authority.lastIndexOf('@') + 1);
        int comma = hosts.indexOf(',');
        String host = comma < 0 ? hosts : hosts.substring(0, comma);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host.substring(1) : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String sanitize(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_NAME_LENGTH));
        for (int i = 0; i < name.length() && out.length() < MAX_NAME_LENGTH; i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_' || c == '/';
            out.append(allowed ? c : '_');
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
