package dev.jdbcmetrics.exporter;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.management.ManagementFactory;

/**
 * Micrometer's JVM and process binders on one registry; closing stops the GC listener.
 *
 * <p>Two of Micrometer's processor meters fail {@code promtool check metrics}, so they are
 * served under clean names instead: {@code process_cpu_time_ns_total} ("abbreviated units")
 * becomes {@code process_cpu_seconds_total} (the standard Prometheus process metric, in seconds),
 * and {@code system_cpu_count} ("_count suffix" on a gauge) becomes {@code system_cpus}. The
 * names Grafana's JVM dashboards read ({@code jvm_memory_used_bytes}, {@code jvm_threads_*},
 * {@code process_cpu_usage}, ...) are clean and stay.
 */
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
        lintCleanProcessorNames(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new JvmMetrics(gc);
    }

    /** Replaces the two processor meters whose names promtool rejects (see the class comment). */
    private static void lintCleanProcessorNames(MeterRegistry registry) {
        for (String name : new String[] {"process.cpu.time", "system.cpu.count"}) {
            for (Meter meter : registry.find(name).meters()) {
                registry.remove(meter);
            }
        }
        Gauge.builder("system.cpus", Runtime.getRuntime(), Runtime::availableProcessors)
                .description("The number of processors available to the Java virtual machine")
                .register(registry);
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
                    .description("The CPU time used by the Java virtual machine process")
                    .baseUnit("seconds").register(registry);
        }
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }
}
