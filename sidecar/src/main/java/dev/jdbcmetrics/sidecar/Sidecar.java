package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.exporter.DaemonThreads;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.exporter.ScrapeDeadline;
import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.sidecar.config.TargetConfig;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar exporter: one metered HikariCP pool per target, the configured SQL collectors,
 * {@code db_up}, and an HTTP endpoint serving {@code /metrics}, {@code /health} and
 * {@code /probe?target=NAME}.
 *
 * <pre>{@code
 * try (Sidecar sidecar = Sidecar.builder(SidecarConfig.load(Path.of("exporter.yml")))
 *         .port(9853).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>A scrape then shows, besides each target's query, connection and pool metrics:
 * <pre>
 * db_up{target="orders"} 1.0
 * db_collector_duration_seconds{collector="order_stats",target="orders"} 0.004
 * db_collector_errors_total{collector="order_stats",target="orders"} 0.0
 * orders_by_status{status="paid",target="orders"} 1203.0
 * </pre>
 */
public final class Sidecar implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Sidecar.class);

    private final PrometheusMeterRegistry registry;
    private final Map<String, MeteredDataSource> pools;
    private final QueryWatchdog watchdog;
    private final ExecutorService executor;
    private final SidecarCollector collector;
    private MetricsExporter exporter;

    private Sidecar(PrometheusMeterRegistry registry, Map<String, MeteredDataSource> pools,
                    QueryWatchdog watchdog, ExecutorService executor, SidecarCollector collector) {
        this.registry = registry;
        this.pools = pools;
        this.watchdog = watchdog;
        this.executor = executor;
        this.collector = collector;
    }

    /**
     * Starts a sidecar on all interfaces, without basic auth or TLS.
     *
     * @param config the validated configuration
     * @param port   the port; 0 picks a free one ({@link #getPort()} tells which)
     * @return the running sidecar; close it to stop
     * @throws ConfigException when a target's URL has no driver
     * @throws dev.jdbcmetrics.exporter.ExporterConfigException when the port cannot be bound
     */
    public static Sidecar start(SidecarConfig config, int port) throws ConfigException {
        return builder(config).port(port).start();
    }

    /**
     * @param config the validated configuration
     * @return a builder for a sidecar running {@code config}
     */
    public static Builder builder(SidecarConfig config) {
        return new Builder(config);
    }

    /** @return the port the endpoint listens on */
    public int getPort() {
        return exporter.getPort();
    }

    /** @return the registry holding the targets' metrics (the collectors' series are added at scrape time) */
    public PrometheusMeterRegistry getRegistry() {
        return registry;
    }

    /**
     * @param target a configured target name
     * @return the target's metered pool, for example to run a workload through it
     * @throws IllegalArgumentException for an unknown target
     */
    public DataSource dataSource(String target) {
        DataSource dataSource = pools.get(target);
        if (dataSource == null) {
            throw new IllegalArgumentException("no target named '" + target + "'");
        }
        return dataSource;
    }

    /** Stops serving, stops the collectors and closes the pools. Idempotent. */
    @Override
    public synchronized void close() {
        if (exporter != null) {
            exporter.close();
            exporter = null;
        }
        registry.getPrometheusRegistry().unregister(collector);
        executor.shutdownNow();
        watchdog.close();
        pools.forEach((name, pool) -> {
            try {
                pool.close();
            } catch (Exception e) {
                logger.warn("closing the pool of target '{}' failed: {}", name,
                        e.getClass().getSimpleName());
            }
        });
        pools.clear();
    }

    /** Builds and starts a {@link Sidecar}. */
    public static final class Builder {
        private final SidecarConfig config;
        private int port = MetricsExporter.DEFAULT_PORT;
        private String host;
        private Path webConfig;

        private Builder(SidecarConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Optional: the port to listen on; 0 picks a free one. Default: 9853.
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Optional: the host name or address to listen on. Default: all interfaces.
         *
         * @param host the host
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Optional: an exporter-toolkit {@code web-config.yml} (basic auth, TLS). Default: none.
         *
         * @param webConfig the file
         * @return this builder
         */
        public Builder webConfig(Path webConfig) {
            this.webConfig = webConfig;
            return this;
        }

        /**
         * Opens the pools (without waiting for the databases), and starts serving.
         *
         * @return the running sidecar
         * @throws ConfigException when a target's URL has no driver
         * @throws dev.jdbcmetrics.exporter.ExporterConfigException when the web configuration
         *                                                          is invalid or the port
         *                                                          cannot be bound
         */
        public Sidecar start() throws ConfigException {
            for (TargetConfig target : config.targets()) {
                TargetPool.checkDriver(target); // before anything is opened
            }
            MetricsConfig metricsConfig = config.slowQueryThreshold()
                    .map(t -> MetricsConfig.builder().slowQueryThreshold(t).build())
                    .orElse(MetricsConfig.defaults());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            QueryWatchdog watchdog = new QueryWatchdog();
            ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.numbered("jdbc-metrics-target"));
            Map<String, MeteredDataSource> pools = new LinkedHashMap<>();
            List<Target> targets = new ArrayList<>();
            for (TargetConfig target : config.targets()) {
                MeteredDataSource pool = TargetPool.open(target, registry, metricsConfig);
                pools.put(target.name(), pool);
                List<TargetCollector> collectors = target.collectors().stream()
                        .map(name -> new TargetCollector(target.name(), config.collector(name),
                                watchdog))
                        .toList();
                targets.add(new Target(target.name(), pool, collectors));
            }
            SidecarCollector collector = new SidecarCollector(targets, executor,
                    ScrapeDeadline::remainingNanos,
                    maxWaitNanos(config));
            registry.getPrometheusRegistry().register(collector);
            Sidecar sidecar = new Sidecar(registry, pools, watchdog, executor, collector);
            try {
                MetricsExporter.Builder http = MetricsExporter.builder().registry(registry)
                        .port(port).scrapeListener(collector).route(ProbeHandler.PATH,
                                new ProbeHandler(registry.getPrometheusRegistry(), pools.keySet()));
                if (host != null) {
                    http.host(host);
                }
                if (webConfig != null) {
                    http.webConfig(webConfig);
                }
                sidecar.exporter = http.buildAndStart();
            } catch (RuntimeException e) {
                sidecar.close(); // never a half-started exporter
                throw e;
            }
            return sidecar;
        }

        /** Without a scrape deadline, a target may take its pool's wait plus all its timeouts. */
        private static long maxWaitNanos(SidecarConfig config) {
            Duration longest = Duration.ZERO;
            for (TargetConfig target : config.targets()) {
                Duration total = target.pool().connectionTimeout().plusSeconds(2);
                for (String name : target.collectors()) {
                    CollectorConfig collector = config.collector(name);
                    total = total.plus(collector.timeout());
                }
                longest = longest.compareTo(total) < 0 ? total : longest;
            }
            return longest.toNanos();
        }
    }
}
