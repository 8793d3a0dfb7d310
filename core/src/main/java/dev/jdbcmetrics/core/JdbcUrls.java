package dev.jdbcmetrics.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URL helpers that never leak credentials: the {@code datasource} label derived from a URL,
 * and the redacted form of a URL for error messages.
 */
public final class JdbcUrls {

    private static final int MAX_NAME_LENGTH = 64;
    /** What may come before a {@code //} or the address: scheme and subprotocol names only. */
    private static final Pattern SAFE_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.:-]*:");
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9+.-]*:");

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
     * The OpenTelemetry {@code db.system.name} of a JDBC URL's subprotocol: {@code postgresql},
     * {@code mysql}, {@code mariadb}, {@code h2database}, {@code hsqldb}, {@code derby},
     * {@code sqlite}, {@code oracle.db}, {@code microsoft.sql_server}, {@code ibm.db2},
     * {@code clickhouse}; {@code other_sql} for any other or a null URL.
     */
    public static String dbSystemName(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            return "other_sql";
        }
        String rest = url.substring(5);
        int colon = rest.indexOf(':');
        String subprotocol = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
        return switch (subprotocol) {
            case "postgresql", "pgsql" -> "postgresql";
            case "mysql" -> "mysql";
            case "mariadb" -> "mariadb";
            case "h2" -> "h2database";
            case "hsqldb" -> "hsqldb";
            case "derby" -> "derby";
            case "sqlite" -> "sqlite";
            case "oracle" -> "oracle.db";
            case "sqlserver", "jtds" -> "microsoft.sql_server";
            case "db2" -> "ibm.db2";
            case "clickhouse", "ch" -> "clickhouse";
            default -> "other_sql";
        };
    }

    /**
     * The database a JDBC URL names, for OpenTelemetry's {@code db.namespace}: the path of
     * {@code jdbc:postgresql://db:5432/orders} ({@code orders}), the last element of
     * {@code jdbc:h2:mem:test} ({@code test}), a {@code databaseName=} parameter; never a host,
     * user or password. Empty when the URL names none or is null.
     */
    public static String databaseName(String url) {
        if (url == null) {
            return "";
        }
        String name = datasourceName(url);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            return name.substring(slash + 1);
        }
        return url.contains("//") ? "" : name.equals(dbSubprotocol(url)) ? "" : name;
    }

    private static String dbSubprotocol(String url) {
        String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        int colon = rest.indexOf(':');
        return (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /**
     * The URL with everything that may hold a secret removed: user info (up to the last
     * {@code @}, in {@code //user:pw@host} and in {@code jdbc:oracle:thin:user/pw@host} form)
     * becomes {@code ***}, and all parameters (from the first {@code ?}, {@code ;} or {@code &})
     * become {@code ...}. The whole address becomes {@code ...} when an {@code @} lies among the
     * parameters (a password may hold one, and what follows it is not a host), when it is in
     * MySQL's key-value form ({@code (host=..,password=..)}), or when it mentions a password.
     * It errs on the side of removing too much.
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int at = url.lastIndexOf('@');
        int start = addressStart(url, at);
        int params = firstOf(url, start, '?', ';', '&');
        String prefix = url.substring(0, start);
        String tail = params < 0 ? "" : url.charAt(params) + "...";
        if (params >= 0 && at > params) {
            return prefix + "...";
        }
        String address = url.substring(start, params < 0 ? url.length() : params);
        if (address.indexOf('(') >= 0 || address.toLowerCase(Locale.ROOT).contains("password")) {
            return prefix + "..." + tail;
        }
        int userEnd = address.lastIndexOf('@');
        return prefix + (userEnd < 0 ? address : "***" + address.substring(userEnd)) + tail;
    }

    /**
     * Where user info may start: after a {@code //} that comes before the last {@code @}, else
     * after {@code jdbc:<subprotocol>:} (not after a {@code //} that follows the secret, as in
     * {@code jdbc:oracle:thin:user/pw@//host}). Anything odd before that point counts as address.
     */
    private static int addressStart(String url, int lastAt) {
        int slashes = url.indexOf("//");
        if (slashes >= 0 && (lastAt < 0 || slashes < lastAt) && SAFE_SCHEME.matcher(url.substring(0, slashes)).matches()) {
            return slashes + 2;
        }
        Matcher subprotocol = SAFE_PREFIX.matcher(url);
        if (subprotocol.lookingAt()) {
            return subprotocol.end();
        }
        return url.startsWith("jdbc:") ? 5 : 0;
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
        return firstOf(s, 0, chars);
    }

    private static int firstOf(String s, int from, char... chars) {
        int first = -1;
        for (char c : chars) {
            int i = s.indexOf(c, from);
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
