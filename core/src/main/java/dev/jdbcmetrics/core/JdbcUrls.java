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
     * user, password, port or other parameter. {@code jdbc:postgresql://db:5432/orders?password=x}
     * gives {@code db/orders}; {@code jdbc:mysql://h1:3306,h2:3306/shop} gives {@code h1/shop};
     * {@code jdbc:h2:mem:test;MODE=MySQL} gives {@code h2/test};
     * {@code jdbc:sqlserver://db:1433;databaseName=sales;password=x} gives {@code db/sales};
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
            // User info first, whatever it holds ('/' and ':' included): everything up to the last '@'.
            authorityAndPath = authorityAndPath.substring(authorityAndPath.lastIndexOf('@') + 1);
            int slash = authorityAndPath.indexOf('/');
            String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
            String database = slash < 0 ? "" : authorityAndPath.substring(slash + 1);
            if (database.isEmpty()) {
                database = databaseParameter(rest); // SQL Server: ;databaseName=sales
            }
            String host = hostOf(authority);
            name = database.isEmpty() ? host : host + "/" + database;
        } else {
            // Driver-specific forms without an authority: jdbc:h2:mem:test, jdbc:sqlite:/tmp/a.db
            String subprotocol = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
            String path = cutParameters(rest);
            path = path.substring(path.lastIndexOf('@') + 1); // jdbc:oracle:thin:scott/tiger@host:1521:sid
            int cut = Math.max(path.lastIndexOf(':'), Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
            String database = path.substring(cut + 1);
            name = database.isEmpty() || database.equals(subprotocol) ? subprotocol : subprotocol + "/" + database;
        }
        name = sanitize(name);
        return name.isEmpty() ? "default" : name;
    }

    /**
     * The URL with everything that may hold a secret removed: user info (up to the last
     * {@code @}, in {@code //user:pw@host} and in {@code jdbc:oracle:thin:user/pw@host} form)
     * becomes {@code ***}, and all parameters (from the first {@code ?}, {@code ;} or {@code &})
     * become {@code ...}. It errs on the side of removing too much.
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        String redacted = url;
        int at = url.lastIndexOf('@');
        if (at >= 0) {
            int slashes = url.indexOf("//");
            int userStart = slashes >= 0 && slashes < at ? slashes + 2 : afterSubprotocol(url);
            if (userStart >= 0 && userStart <= at) {
                redacted = url.substring(0, userStart) + "***" + url.substring(at);
            }
        }
        int params = firstOf(redacted, '?', ';', '&');
        return params < 0 ? redacted : redacted.substring(0, params) + redacted.charAt(params) + "...";
    }

    /** Where user info may start in a URL without {@code //}: after {@code jdbc:<subprotocol>:}, else 0. */
    private static int afterSubprotocol(String url) {
        int first = url.indexOf(':');
        int second = first < 0 ? -1 : url.indexOf(':', first + 1);
        return second < 0 ? 0 : second + 1;
    }

    /** The value of a {@code databaseName=} or {@code database=} parameter, else empty. */
    private static String databaseParameter(String url) {
        int params = firstOf(url, '?', ';', '&');
        if (params < 0) {
            return "";
        }
        for (String pair : url.substring(params + 1).split("[;&?]")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq).trim();
            if (eq > 0 && (key.equalsIgnoreCase("databaseName") || key.equalsIgnoreCase("database"))) {
                return pair.substring(eq + 1).trim();
            }
        }
        return "";
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
        int comma = authority.indexOf(',');
        String host = comma < 0 ? authority : authority.substring(0, comma);
        // MySQL's key-value host form: (host=db1,port=3306) or address=(host=db1)(port=3306)
        int hostKey = host.toLowerCase(Locale.ROOT).indexOf("host=");
        if (hostKey >= 0) {
            String value = host.substring(hostKey + 5);
            int end = firstOf(value, ')', ',');
            return end < 0 ? value : value.substring(0, end);
        }
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
