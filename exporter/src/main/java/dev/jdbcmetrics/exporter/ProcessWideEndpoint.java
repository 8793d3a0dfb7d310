package dev.jdbcmetrics.exporter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts at most one {@link MetricsExporter} from system properties or environment variables;
 * the state behind {@link GlobalMetricsEndpoint}, separate so that tests can give it their own
 * settings.
 */
final class ProcessWideEndpoint {

    static final Setting PORT = new Setting("jdbcmetrics.exporter.port", "JDBC_METRICS_EXPORTER_PORT");
    static final Setting HOST = new Setting("jdbcmetrics.exporter.host", "JDBC_METRICS_EXPORTER_HOST");
    static final Setting WEB_CONFIG =
            new Setting("jdbcmetrics.exporter.web-config", "JDBC_METRICS_EXPORTER_WEB_CONFIG");

    private static final Logger logger = LoggerFactory.getLogger(ProcessWideEndpoint.class);

    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;
    private final Consumer<MeterRegistry> publish;
    private boolean attempted;
    private MetricsExporter exporter;

    /**
     * @param properties reads a system property, null when unset
     * @param environment reads an environment variable, null when unset
     * @param publish receives the registry to feed, once the endpoint serves it
     */
    ProcessWideEndpoint(UnaryOperator<String> properties, UnaryOperator<String> environment,
            Consumer<MeterRegistry> publish) {
        this.properties = properties;
        this.environment = environment;
        this.publish = publish;
    }

    /**
     * Starts the endpoint when a port is configured. Only the first configured call does
     * anything, even if it fails: its caller gets the message, and later connections are not
     * failed again for the same setting.
     *
     * @throws IllegalStateException naming the setting and value when the port is invalid,
     *                               in use, or the rest of the configuration is bad
     */
    synchronized void startIfConfigured() {
        if (attempted) {
            return;
        }
        Value port = PORT.read(properties, environment);
        if (port == null) {
            return;
        }
        attempted = true;
        MetricsExporter.Builder builder = MetricsExporter.builder().port(parsePort(port));
        Value host = HOST.read(properties, environment);
        if (host != null) {
            builder.host(host.text);
        }
        Value webConfig = WEB_CONFIG.read(properties, environment);
        if (webConfig != null) {
            builder.webConfig(Path.of(webConfig.text));
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            exporter = builder.registry(registry).buildAndStart();
        } catch (ExporterConfigException e) {
            registry.close();
            throw new IllegalStateException("jdbc-metrics process-wide endpoint ("
                    + port.source + "=" + port.text + "): " + e.getMessage(), e);
        }
        publish.accept(registry);
        logger.info("jdbc-metrics: serving /metrics on port {} ({})", exporter.getPort(),
                port.source);
    }

    /** The running exporter, or null. */
    synchronized MetricsExporter exporter() {
        return exporter;
    }

    private static int parsePort(Value port) {
        try {
            int number = Integer.parseInt(port.text);
            if (number >= 0 && number <= 65535) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below with the setting's name.
        }
        throw new IllegalStateException(port.source + ": invalid port '" + port.text
                + "' (expected a number from 0 to 65535)");
    }

    /** A setting read from a system property, else an environment variable. */
    static final class Setting {
        final String property;
        final String variable;

        Setting(String property, String variable) {
            this.property = property;
            this.variable = variable;
        }

        /** @return the trimmed value and where it came from, or null when unset or blank */
        Value read(UnaryOperator<String> properties, UnaryOperator<String> environment) {
            String value = properties.apply(property);
            if (value != null && !value.isBlank()) {
                return new Value(value.trim(), "system property " + property);
            }
            value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                return new Value(value.trim(), "environment variable " + variable);
            }
            return null;
        }
    }

    /** A setting's value and its source, for messages. */
    static final class Value {
        final String text;
        final String source;

        Value(String text, String source) {
            this.text = text;
            this.source = source;
        }
    }
}
