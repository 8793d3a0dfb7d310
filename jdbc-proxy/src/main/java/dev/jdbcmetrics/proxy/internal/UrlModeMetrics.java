package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide metrics of URL mode, shared by the {@code jdbc:metrics:} driver and the HikariCP
 * integration so that a datasource's statements and its pool's gauges are one set of meters.
 *
 * <p>Internal API: not for application code.
 */
public final class UrlModeMetrics {

    private static final Map<String, DataSourceMetrics> byName = new ConcurrentHashMap<>();
    private static volatile MeterRegistry registry = Metrics.globalRegistry;

    private UrlModeMetrics() {
    }

    /** Where URL-mode metrics go: Micrometer's global registry unless {@link #useRegistry} said otherwise. */
    public static MeterRegistry registry() {
        return registry;
    }

    /**
     * Sends URL-mode metrics created from now on to {@code newRegistry}; the datasources known so
     * far are forgotten and their meters removed, so no stale series stays behind.
     */
    public static void useRegistry(MeterRegistry newRegistry) {
        registry = Objects.requireNonNull(newRegistry, "registry");
        for (DataSourceMetrics forgotten : byName.values()) {
            byName.remove(forgotten.name(), forgotten);
            forgotten.close();
        }
    }

    /**
     * The metrics of datasource {@code name} in {@link #registry()}, created with {@code config} on
     * first use (the driver sees commits and rollbacks, so they are published).
     *
     * @param jdbcUrl the real driver's URL, for OpenTelemetry's {@code db.system.name}; null if unknown
     */
    public static DataSourceMetrics metrics(String name, String jdbcUrl, MetricsConfig config) {
        DataSourceMetrics existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        MeterRegistry target = registry;
        return byName.computeIfAbsent(name, n -> {
            DataSourceMetrics created = DataSourceMetrics.create(n, jdbcUrl, target, config);
            created.connections().measureTransactions();
            return created;
        });
    }

    /**
     * The metrics a pool integration records into for datasource {@code name} in {@code target}: the
     * driver's own when {@code target} is {@link #registry()} or reached through it (a child of
     * Micrometer's global registry, as Spring Boot's registries are), so that one datasource is one
     * set of meters and no family appears twice; else a separate set.
     */
    public static DataSourceMetrics metricsIn(MeterRegistry target, String name) {
        return reaches(registry, target) ? metrics(name, null, MetricsConfig.defaults())
                : DataSourceMetrics.create(name, target, MetricsConfig.defaults());
    }

    /** Whether meters registered in {@code from} reach {@code target} (it is {@code target} or a composite holding it). */
    static boolean reaches(MeterRegistry from, MeterRegistry target) {
        if (from == target) {
            return true;
        }
        if (from instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry child : composite.getRegistries()) {
                if (reaches(child, target)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The pool behind {@code metrics} has closed: its meters are removed, and the next connection
     * under the same name starts afresh.
     */
    public static void poolClosed(DataSourceMetrics metrics) {
        byName.remove(metrics.name(), metrics);
        metrics.close();
    }
}
