package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide metrics of URL mode, shared by the {@code jdbc:metrics:} driver and the HikariCP
 * integration so that a datasource's statements and its pool's gauges are one set of meters.
 *
 * <p>A datasource name is <em>pooled</em> once a pool integration measures its connection leases
 * (acquire time, usage time, timeouts): the driver then records the physical connections it opens
 * under that name as such, not as leases, so nothing is counted twice.
 *
 * <p>Internal API: not for application code.
 */
public final class UrlModeMetrics {

    private static final Map<String, DataSourceMetrics> byName = new ConcurrentHashMap<>();
    private static final Set<String> pooled = ConcurrentHashMap.newKeySet();
    private static volatile MeterRegistry registry = Metrics.globalRegistry;

    private UrlModeMetrics() {
    }

    /** Where URL-mode metrics go: Micrometer's global registry unless {@link #useRegistry} said otherwise. */
    public static MeterRegistry registry() {
        return registry;
    }

    /** Sends URL-mode metrics created from now on to {@code newRegistry}; forgets the datasources known so far. */
    public static void useRegistry(MeterRegistry newRegistry) {
        registry = Objects.requireNonNull(newRegistry, "registry");
        byName.clear();
        pooled.clear();
    }

    /** The metrics of datasource {@code name} in {@link #registry()}, created with {@code config} on first use. */
    public static DataSourceMetrics metrics(String name, MetricsConfig config) {
        DataSourceMetrics existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        MeterRegistry target = registry;
        return byName.computeIfAbsent(name, n -> DataSourceMetrics.create(n, target, config));
    }

    /**
     * The metrics a pool integration records into for datasource {@code name} in {@code target}: the
     * driver's own when {@code target} is {@link #registry()}, else a separate set. Marks the name pooled.
     */
    public static DataSourceMetrics pooledMetrics(String name, MeterRegistry target) {
        markPooled(name);
        return target == registry ? metrics(name, MetricsConfig.defaults())
                : DataSourceMetrics.create(name, target, MetricsConfig.defaults());
    }

    /** From now on the driver does not record leases for datasource {@code name}: a pool does. */
    public static void markPooled(String name) {
        pooled.add(name);
    }

    /** Whether a pool integration measures the leases of datasource {@code name}. */
    public static boolean isPooled(String name) {
        return pooled.contains(name);
    }

    /**
     * The pool behind {@code metrics} has closed: its meters are removed, and the next connection
     * under the same name starts afresh.
     */
    public static void poolClosed(DataSourceMetrics metrics) {
        byName.remove(metrics.name(), metrics);
        pooled.remove(metrics.name());
        metrics.close();
    }
}
