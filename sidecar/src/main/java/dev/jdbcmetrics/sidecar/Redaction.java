package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.core.JdbcUrls;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a database's message fit for a log line of one target: on one line, with the target's
 * JDBC URL redacted and its password (should a driver ever echo it) masked.
 */
final class Redaction {

    /** Nothing to hide: for tests and targets without a password. */
    static final Redaction NONE = new Redaction(null, null);

    private final String url;
    private final String password;

    /**
     * @param url      the target's JDBC URL, replaced by its redacted form; may be null
     * @param password the target's password, masked; may be null
     */
    Redaction(String url, String password) {
        this.url = url;
        this.password = password == null || password.isEmpty() ? null : password;
    }

    /** @return {@code text} on one line, without the URL's credentials or the password */
    String apply(String text) {
        String clean = text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        if (url != null && clean.contains(url)) {
            clean = clean.replace(url, JdbcUrls.redact(url));
        }
        if (password != null) {
            clean = clean.replace(password, "******");
        }
        return clean;
    }

    /**
     * The database's own words for a failure: the message of the deepest {@link SQLException}
     * in the cause chain (a pool's timeout wraps the driver's exception), with its SQLState.
     */
    String describe(SQLException e) {
        SQLException deepest = e;
        String state = e.getSQLState();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                deepest = sql;
                state = sql.getSQLState() != null ? sql.getSQLState() : state;
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add("SQLState " + state);
        if (deepest.getErrorCode() != 0) {
            parts.add("error code " + deepest.getErrorCode());
        }
        return apply(deepest.getMessage()) + " (" + String.join(", ", parts) + ")";
    }
}
