package dev.jdbcmetrics.exporter;

/**
 * The exporter cannot start because of its configuration or its environment: a port already in
 * use, an unreadable or invalid web configuration file, a bad password hash, a missing
 * certificate. The message names the problem (setting, file, line, value) and is meant to be
 * shown to the user as it is, without a stack trace. It never contains a password.
 */
public final class ExporterConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where, ready to show to the user
     */
    public ExporterConfigException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where, ready to show to the user
     * @param cause   the underlying failure, kept for debugging
     */
    public ExporterConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
