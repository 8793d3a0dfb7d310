package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the pool gauges of one datasource ({@code db_connections_*} and
 * {@code db_pool_saturation_ratio}) over whatever can answer them: the proxy's own counts, a
 * HikariCP MXBean, a pool's statistics object.
 *
 * <p>Only the gauges given a source are registered: a pool that cannot tell its idle count gets
 * no {@code db_connections_idle} rather than a misleading zero. Saturation is registered when
 * both active and max are known. Sources are read at scrape time only; one that throws reads as
 * NaN for that scrape.
 *
 * <pre>{@code
 * PoolGauges.builder(metrics, pool)
 *         .active(p -> p.getActiveConnections())
 *         .max(p -> p.getMaximumPoolSize())
 *         .register();
 * }</pre>
 *
 * @param <T> the object the gauges read; held strongly for as long as the metrics live
 */
public final class PoolGauges<T> {

    private static final Logger logger = LoggerFactory.getLogger(PoolGauges.class);

    private final DataSourceMetrics metrics;
    private final T source;
    private ToDoubleFunction<T> active;
    private ToDoubleFunction<T> idle;
    private ToDoubleFunction<T> pending;
    private ToDoubleFunction<T> max;
    private ToDoubleFunction<T> min;

    private PoolGauges(DataSourceMetrics metrics, T source) {
        this.metrics = metrics;
        this.source = source;
    }

    /** Gauges for {@code metrics}' datasource reading {@code source}. */
    public static <T> PoolGauges<T> builder(DataSourceMetrics metrics, T source) {
        return new PoolGauges<>(metrics, source);
    }

    /** Optional: connections lent out now. Default: not registered. */
    public PoolGauges<T> active(ToDoubleFunction<T> f) {
        this.active = f;
        return this;
    }

    /** Optional: idle connections in the pool now. Default: not registered. */
    public PoolGauges<T> idle(ToDoubleFunction<T> f) {
        this.idle = f;
        return this;
    }

    /** Optional: threads waiting for a connection now. Default: not registered. */
    public PoolGauges<T> pending(ToDoubleFunction<T> f) {
        this.pending = f;
        return this;
    }

    /** Optional: the pool's maximum size. Default: not registered. */
    public PoolGauges<T> max(ToDoubleFunction<T> f) {
        this.max = f;
        return this;
    }

    /** Optional: the pool's minimum idle size. Default: not registered. */
    public PoolGauges<T> min(ToDoubleFunction<T> f) {
        this.min = f;
        return this;
    }

    /**
     * Whether pool gauges of datasource {@code datasource} are registered in {@code registry}
     * already: a datasource's gauges have exactly one source.
     */
    public static boolean existFor(MeterRegistry registry, String datasource) {
        // Asked of our own bookkeeping, not of registry.find(): a filter may have denied or renamed them.
        DataSourceMetrics live = LiveMetrics.find(registry, datasource);
        return live != null && live.poolGaugesRegistered();
    }

    /**
     * Registers the gauges; they are removed when the datasource's metrics are closed.
     *
     * @return false, registering nothing and logging a warning, when this datasource's pool
     *         gauges are registered already (two wrappers or pools under one name): a gauge
     *         cannot read two sources, and Micrometer would silently keep the first
     */
    public boolean register() {
        if (!metrics.claimPoolGauges()) {
            logger.warn("jdbc-metrics: the pool gauges of datasource '{}' are registered already (by a wrapper or"
                    + " pool of the same name); give each datasource its own name. Keeping the first.", metrics.name());
            return false;
        }
        gauge(MeterNames.CONNECTIONS_ACTIVE, "Connections lent out by the pool now", active);
        gauge(MeterNames.CONNECTIONS_IDLE, "Idle connections in the pool", idle);
        gauge(MeterNames.CONNECTIONS_PENDING, "Threads waiting for a connection", pending);
        gauge(MeterNames.CONNECTIONS_MAX, "The pool's maximum size", max);
        gauge(MeterNames.CONNECTIONS_MIN, "The pool's minimum idle size", min);
        if (active != null && max != null) {
            ToDoubleFunction<T> activeOf = active;
            ToDoubleFunction<T> maxOf = max;
            gauge(MeterNames.POOL_SATURATION, "Active connections over the pool's maximum, 0 to 1",
                    s -> saturation(activeOf.applyAsDouble(s), maxOf.applyAsDouble(s)));
        }
        return true;
    }

    private static double saturation(double active, double max) {
        return max > 0 ? Math.min(1.0, active / max) : Double.NaN;
    }

    private void gauge(String name, String description, ToDoubleFunction<T> f) {
        if (f == null) {
            return;
        }
        Meters meters = metrics.meters();
        meters.gauge(name, description, meters.tags(), source, s -> read(f, s));
    }

    private double read(ToDoubleFunction<T> f, T s) {
        try {
            return f.applyAsDouble(s);
        } catch (RuntimeException e) {
            metrics.guard().failed("pool gauge", e);
            return Double.NaN;
        }
    }
}
