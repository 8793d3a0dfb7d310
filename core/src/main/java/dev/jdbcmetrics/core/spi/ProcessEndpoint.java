package dev.jdbcmetrics.core.spi;

/**
 * The process-wide {@code /metrics} endpoint that URL-prefix mode starts with the first
 * connection, when a port is configured.
 *
 * <p>Implemented by the exporter module and found with {@link java.util.ServiceLoader}, so that
 * the proxy never depends on the exporter. Not for application code.
 */
public interface ProcessEndpoint {

    /**
     * Starts the endpoint over Micrometer's global registry if the system property
     * {@code jdbcmetrics.exporter.port} or the environment variable
     * {@code JDBC_METRICS_EXPORTER_PORT} names a port; does nothing otherwise. Safe to call any
     * number of times from any thread: at most one endpoint is ever started.
     *
     * @throws IllegalStateException with a message naming the setting when the port is invalid
     *                               or cannot be bound
     */
    void startIfConfigured();
}
