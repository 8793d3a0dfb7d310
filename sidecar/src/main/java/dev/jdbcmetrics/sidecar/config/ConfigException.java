package dev.jdbcmetrics.sidecar.config;

/**
 * A configuration file that cannot be used. The message names the problem, the key, the line
 * and the offending value (never a secret), and is meant to be shown to the user as it is.
 */
public final class ConfigException extends Exception {

    /**
     * @param message one line naming the problem, the key, the line and the value
     */
    public ConfigException(String message) {
        super(message);
    }
}
