package dev.jdbcmetrics.proxy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh Prometheus registry that {@link MetricsDriver} records into for one test, then the
 * global registry again. Register it as an instance field
 * ({@code @RegisterExtension final DriverRegistry driver = new DriverRegistry();}): JUnit makes a
 * test instance per test, so each test gets its own registry.
 */
public final class DriverRegistry implements BeforeEachCallback, AfterEachCallback {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The registry the driver records into during the test. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        MetricsDriver.useRegistry(registry);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MetricsDriver.useRegistry(Metrics.globalRegistry);
        registry.close();
    }
}
