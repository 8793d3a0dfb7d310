package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.exporter.DaemonThreads;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.exporter.ScrapeDeadline;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.Secret;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.sidecar.config.TargetConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar exporter: one metered HikariCP pool per target, the configured SQL collectors,
 * {@code db_up}, and an HTTP endpoint serving {@code /metrics}, {@code /health},
 * {@code /probe?target=NAME} and {@code /-/reload}.
 *
 * <pre>{@code
 * Path file = Path.of("exporter.yml");
 * try (Sidecar sidecar = Sidecar.builder(SidecarConfig.load(file)).reloadFrom(file)
 *         .port(9853).start()) {
 *     ...
 *     sidecar.reload(); // re-reads the file; unchanged targets keep their pools
 * }
 * }</pre>
 *
 * <p>A scrape then shows, besides each target's query, connection and pool metrics:
 * <pre>
 * db_up{target="orders"} 1.0
 * db_target_last_success_timestamp_seconds{target="orders"} 1.764768e9
 * db_collector_duration_seconds{collector="order_stats",target="orders"} 0.004
 * db_collector_errors_total{collector="order_stats",kind="query",target="orders"} 0.0
 * orders_by_status{status="paid",target="orders"} 1203.0
 * jdbc_metrics_config_last_reload_successful 1.0
 * </pre>
 */
public final class Sidecar implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Sidecar.class);

    /** The path of the reload endpoint, as Prometheus names its own. */
    public static final String RELOAD_PATH = "/-/reload";

    /** A target's open pool and the configuration it was opened with. */
    private record OpenPool(TargetConfig config, MeteredDataSource dataSource) {
    }

    private final PrometheusMeterRegistry registry;
    private final QueryWatchdog watchdog;
    private final ExecutorService executor;
    private final Path configFile;
    private final UnaryOperator<String> env;
    private final Map<String, OpenPool> pools = new LinkedHashMap<>();
    private final Map<String, TargetHealth> health = new HashMap<>();
    private final Map<List<String>, CollectorErrors> errors = new HashMap<>();
    private SidecarCollector collector;
    private MetricsExporter exporter;
    private volatile double lastReloadSuccessful = 1;
    private volatile double lastReloadSuccessSeconds = System.currentTimeMillis() / 1000.0;

    private Sidecar(Path configFile, UnaryOperator<String> env) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.watchdog = new QueryWatchdog();
        this.executor = Executors.newCachedThreadPool(DaemonThreads.numbered("jdbc-metrics-target"));
        this.configFile = configFile;
        this.env = env;
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
    public synchronized DataSource dataSource(String target) {
        OpenPool pool = pools.get(target);
        if (pool == null) {
            throw new IllegalArgumentException("no target named '" + target + "'");
        }
        return pool.dataSource();
    }

    /**
     * Re-reads the configuration file given to {@link Builder#reloadFrom(Path)} (secrets
     * included) and applies it as {@link #reload(SidecarConfig)} does. An invalid file is
     * refused and logged; the configuration in use keeps serving.
     *
     * @throws ConfigException naming the problem, when the file is refused
     * @throws IllegalStateException when the sidecar was not built with a file to reload from
     */
    public void reload() throws ConfigException {
        if (configFile == null) {
            throw new IllegalStateException("this sidecar has no configuration file to reload");
        }
        SidecarConfig config;
        try {
            config = SidecarConfig.load(configFile, env);
        } catch (ConfigException e) {
            refused(e);
            throw e;
        }
        reload(config);
    }

    /**
     * Replaces the configuration: targets whose URL, login, pool and settings are unchanged
     * keep their open pool (and its connections); a changed target's pool is reopened; a removed
     * target's pool is closed and its series go. Collectors start afresh (no cached results).
     *
     * @param config the new, validated configuration
     * @throws ConfigException when a target's URL has no driver; nothing changes then
     */
    public void reload(SidecarConfig config) throws ConfigException {
        apply(config, "reloaded");
    }

    private synchronized void apply(SidecarConfig config, String done) throws ConfigException {
        try {
            for (TargetConfig target : config.targets()) {
                TargetPool.checkDriver(target);
            }
        } catch (ConfigException e) {
            refused(e);
            throw e;
        }
        int kept = 0;
        int opened = 0;
        int reopened = 0;
        Map<String, OpenPool> before = new LinkedHashMap<>(pools);
        pools.clear();
        for (TargetConfig target : config.targets()) {
            OpenPool old = before.remove(target.name());
            if (old != null && old.config().samePoolAs(target)) {
                pools.put(target.name(), new OpenPool(target, old.dataSource()));
                kept++;
                continue;
            }
            if (old != null) {
                // Closed first: the new pool registers meters with the same name and labels.
                close(target.name(), old.dataSource());
                reopened++;
            }
            pools.put(target.name(), new OpenPool(target, TargetPool.open(target, registry)));
            opened++;
        }
        health.keySet().retainAll(pools.keySet());
        collector.use(targets(config), maxWaitNanos(config));
        // Removed targets: after the swap, so that new scrapes no longer reach their pools.
        before.forEach((name, pool) -> close(name, pool.dataSource()));
        errors.keySet().removeIf(key -> config.targets().stream().noneMatch(t ->
                t.name().equals(key.get(0)) && t.collectors().contains(key.get(1))));
        logger.info("configuration {}: {} target(s), {} pool(s) kept, {} opened, {} closed", done,
                config.targets().size(), kept, opened, before.size() + reopened);
        lastReloadSuccessful = 1;
        lastReloadSuccessSeconds = System.currentTimeMillis() / 1000.0;
    }

    private void refused(ConfigException e) {
        logger.error("reload refused, the previous configuration keeps serving: {}",
                e.getMessage());
        lastReloadSuccessful = 0;
    }

    /** The targets of {@code config} on the pools now open, with their kept health and errors. */
    private List<Target> targets(SidecarConfig config) {
        List<Target> targets = new ArrayList<>();
        for (TargetConfig target : config.targets()) {
            Redaction redaction = new Redaction(target.url(),
                    target.password().map(Secret::reveal).orElse(null));
            List<TargetCollector> collectors = new ArrayList<>();
            for (String name : target.collectors()) {
                CollectorErrors counts = errors.computeIfAbsent(List.of(target.name(), name),
                        k -> new CollectorErrors());
                collectors.add(new TargetCollector(target.name(), config.collector(name),
                        watchdog, counts, redaction));
            }
            targets.add(new Target(target.name(), pools.get(target.name()).dataSource(),
                    collectors, health.computeIfAbsent(target.name(), n -> new TargetHealth()),
                    redaction));
        }
        return targets;
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

    /** Stops serving, stops the collectors and closes the pools. Idempotent. */
    @Override
    public synchronized void close() {
        if (exporter != null) {
            exporter.close();
            exporter = null;
        }
        if (collector != null) {
            registry.getPrometheusRegistry().unregister(collector);
        }
        executor.shutdownNow();
        watchdog.close();
        pools.forEach((name, pool) -> close(name, pool.dataSource()));
        pools.clear();
    }

    private static void close(String name, MeteredDataSource pool) {
        try {
            pool.close(); // also removes the pool's meters
        } catch (Exception e) {
            logger.warn("closing the pool of target '{}' failed: {}", name,
                    e.getClass().getSimpleName());
        }
    }

    /** Builds and starts a {@link Sidecar}. */
    public static final class Builder {
        private final SidecarConfig config;
        private int port = MetricsExporter.DEFAULT_PORT;
        private String host;
        private Path webConfig;
        private Path configFile;
        private UnaryOperator<String> env = System::getenv;
        private boolean enableReload;

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
         * Optional: the configuration file that {@link Sidecar#reload()} (SIGHUP,
         * {@code POST /-/reload}) reads again. Default: none, the sidecar cannot reload.
         *
         * @param file the file the configuration was loaded from
         * @return this builder
         */
        public Builder reloadFrom(Path file) {
            return reloadFrom(file, System::getenv);
        }

        /**
         * Optional: as {@link #reloadFrom(Path)}, with {@code password_env} looked up in
         * {@code env} instead of the process environment.
         *
         * @param file the file the configuration was loaded from
         * @param env  looks up environment variables (null when unset)
         * @return this builder
         */
        public Builder reloadFrom(Path file, UnaryOperator<String> env) {
            this.configFile = Objects.requireNonNull(file, "file");
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /**
         * Optional: whether {@code POST /-/reload} reloads the configuration (without it, the
         * endpoint answers 403, as Prometheus does without {@code --web.enable-lifecycle}).
         * Needs {@link #reloadFrom(Path)}. Default: false.
         *
         * @param enable true to enable the endpoint
         * @return this builder
         */
        public Builder enableReload(boolean enable) {
            this.enableReload = enable;
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
         * @throws IllegalStateException when the reload endpoint is enabled without a file
         */
        public Sidecar start() throws ConfigException {
            if (enableReload && configFile == null) {
                throw new IllegalStateException("enableReload needs reloadFrom(file)");
            }
            for (TargetConfig target : config.targets()) {
                TargetPool.checkDriver(target); // before anything is opened
            }
            Sidecar sidecar = new Sidecar(configFile, env);
            try {
                sidecar.collector = new SidecarCollector(List.of(), sidecar.executor,
                        ScrapeDeadline::remainingNanos, 0);
                sidecar.apply(config, "loaded");
                sidecar.registry.getPrometheusRegistry().register(sidecar.collector);
                Gauge.builder("jdbc.metrics.config.last.reload.successful", sidecar,
                                s -> s.lastReloadSuccessful)
                        .description("1 when the last reload of the configuration succeeded, else 0")
                        .register(sidecar.registry);
                Gauge.builder("jdbc.metrics.config.last.reload.success.timestamp", sidecar,
                                s -> s.lastReloadSuccessSeconds)
                        .description("Unix time of the last successful load of the configuration")
                        .baseUnit("seconds").register(sidecar.registry);
                MetricsExporter.Builder http = MetricsExporter.builder().registry(sidecar.registry)
                        .port(port).scrapeListener(sidecar.collector)
                        .route(ProbeHandler.PATH, new ProbeHandler(
                                sidecar.registry.getPrometheusRegistry(), sidecar::targetNames))
                        .route(RELOAD_PATH, new ReloadHandler(enableReload, sidecar::reload));
                if (host != null) {
                    http.host(host);
                }
                if (webConfig != null) {
                    http.webConfig(webConfig);
                }
                sidecar.exporter = http.buildAndStart();
            } catch (ConfigException | RuntimeException e) {
                sidecar.close(); // never a half-started exporter
                throw e;
            }
            return sidecar;
        }
    }

    private synchronized Set<String> targetNames() {
        return Set.copyOf(pools.keySet());
    }
}
