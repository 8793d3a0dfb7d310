package dev.jdbcmetrics.sidecar.config;

/**
 * A configuration file that cannot be used. The message names the problem, the key, the line
 * and the offending value (never a secret), and is meant to be shown to the user as it is.
 */
public final class ConfigException extends Exception {

    private final boolean inFile;

    /**
     * @param message one line naming the problem, the key, the line and the value
     */
    public ConfigException(String message) {
        this(message, false);
    }

    /**
     * @param message one line naming the problem, the key, the line and the value
     * @param inFile  whether the message already starts with the file it is about (a problem in
     *                a collector file names that file, not the main configuration)
     */
    ConfigException(String message, boolean inFile) {
        super(message);
        this.inFile = inFile;
    }

    /** @return whether the message already names its file */
    boolean inFile() {
        return inFile;
    }
}
