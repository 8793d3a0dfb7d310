package dev.jdbcmetrics.exporter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/** Micrometer's JVM and process binders on one registry; closing stops the GC listener. */
final class JvmMetrics implements AutoCloseable {

    static final JvmMetrics NONE = new JvmMetrics(null);

    private final JvmGcMetrics gcMetrics;

    private JvmMetrics(JvmGcMetrics gcMetrics) {
        this.gcMetrics = gcMetrics;
    }

    /**
     * Binds the JVM and process binders, unless the registry already has JVM metrics: a
     * second {@link JvmGcMetrics} on the same registry would count every GC twice.
     */
    static JvmMetrics bindTo(MeterRegistry registry) {
        if (registry.find("jvm.memory.used").meter() != null) {
            return NONE;
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new JvmMetrics(gc);
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }
}
