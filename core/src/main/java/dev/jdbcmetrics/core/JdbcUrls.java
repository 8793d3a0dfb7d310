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
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9+.-]*:(//)?");
    private static final Pattern KEY_VALUE_HOST =
            Pattern.compile("(?i)(?:^|[(,])\\s*host\\s*=\\s*([^),(]*)");

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
            int at = path.lastIndexOf('@');
            if (at >= 0) {
                // jdbc:oracle:thin:user/password@host:1521:sid: nothing before the @ may show
                path = subprotocol + ":" + path.substring(at + 1);
            }
            int cut = Math.max(path.lastIndexOf(':'), Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
            String database = path.substring(cut + 1);
            name = database.isEmpty() || database.equals(subprotocol) ? subprotocol : subprotocol + "/" + database;
        }
        name = sanitize(name);
        return name.isEmpty() ? "default" : name;
    }

    /**
     * The URL with everything that may hold a secret removed: parameters (after {@code ?},
     * {@code ;} or {@code &}) become {@code ...}, user info up to the last {@code @} becomes
     * {@code ***} (also in forms without {@code //}, such as Oracle's
     * {@code jdbc:oracle:thin:user/password@host}), and an address in MySQL's key-value form
     * ({@code (host=..,password=..)}), one that mentions a password, or one followed by an
     * {@code @} among the parameters is left out altogether.
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int start = addressStart(url);
        int params = firstOf(url, start, '?', ';', '&');
        String prefix = url.substring(0, start);
        String address = params < 0 ? url.substring(start) : url.substring(start, params);
        String tail = params < 0 ? "" : url.charAt(params) + "...";
        if (params >= 0 && url.indexOf('@', params) >= 0 // then the address may be user info
                || address.indexOf('(') >= 0 || address.toLowerCase(Locale.ROOT).contains("password")) {
            return prefix + "..." + tail;
        }
        int at = address.lastIndexOf('@');
        return prefix + (at < 0 ? address : "***" + address.substring(at)) + tail;
    }

    /**
     * Where the address starts: after {@code jdbc:<subprotocol>:} and a {@code //} right there.
     * Not at the first {@code //}: in {@code jdbc:oracle:thin:user/password@//host} it follows
     * the secret. Anything odd before that point counts as address (and is redacted as such).
     */
    private static int addressStart(String url) {
        Matcher prefix = SAFE_PREFIX.matcher(url);
        if (prefix.lookingAt()) {
            return prefix.end();
        }
        return url.startsWith("jdbc:") ? 5 : 0;
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
        if (authority.indexOf('(') >= 0) {
            // MySQL's key-value address, which may hold user and password: only its host counts
            Matcher host = KEY_VALUE_HOST.matcher(authority);
            return host.find() ? host.group(1) : "";
        }
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
