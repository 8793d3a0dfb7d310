package dev.jdbcmetrics.proxy;

import dev.jdbcmetrics.core.spi.ProcessEndpoint;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Stands in for the exporter's process-wide endpoint in {@link EndpointOrderProbe}'s JVM: as the
 * real one does, it adds a new Prometheus registry to Micrometer's global registry when started.
 * Found only there, through a service file written for that JVM.
 */
public final class ProcessEndpointStub implements ProcessEndpoint {

    static volatile PrometheusMeterRegistry registry;

    @Override
    public void startIfConfigured() {
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Metrics.addRegistry(registry);
        }
    }
}
