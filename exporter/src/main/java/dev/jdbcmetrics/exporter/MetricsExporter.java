package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The embedded {@code /metrics} endpoint: serves a Micrometer {@link PrometheusMeterRegistry}
 * to Prometheus over HTTP or HTTPS.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * DataSource ds = MeteredDataSource.wrap(hikariDataSource, registry);
 * MetricsExporter exporter = MetricsExporter.builder()
 *         .registry(registry)
 *         .port(9853)
 *         .webConfig(Path.of("/etc/jdbc-metrics/web-config.yml")) // optional: basic auth, TLS
 *         .buildAndStart();
 * // ... exporter.close() on shutdown
 * }</pre>
 *
 * <p>Endpoints:
 * <ul>
 *   <li>{@code /metrics}: the registry in Prometheus text format 0.0.4, or OpenMetrics 1.0.0
 *       when the {@code Accept} header prefers it (q-values honoured); gzip when the client
 *       sends {@code Accept-Encoding: gzip}; {@code HEAD} answers with the headers only. Every
 *       scrape carries {@code jdbc_metrics_build_info{version="..."} 1} and, unless turned
 *       off, the JVM and process metrics. Prometheus' scrape timeout header becomes a
 *       {@link ScrapeDeadline} for the collecting thread.</li>
 *   <li>{@code /health}: {@code 200 OK}, never authenticated, for liveness probes.</li>
 *   <li>{@code /}: the live page: datasources and targets ({@code db_up}, pool saturation), the
 *       top statements of statement mode by total time (count, mean, p99 estimated from the
 *       buckets) and the recent slow queries (normalised SQL), refreshed every two seconds from
 *       {@code /api/summary} (JSON); with {@code /live.js} and {@code /live.css}, behind the same
 *       authentication as {@code /metrics}, no external assets.</li>
 *   <li>extra routes added with {@link Builder#route(String, HttpHandler)}.</li>
 * </ul>
 * Paths match exactly; anything else is 404.
 *
 * <p>Security comes from a {@code web-config.yml} in the format of Prometheus' exporter-toolkit:
 * {@code basic_auth_users} (bcrypt hashes) and {@code tls_server_config} (PEM certificate and
 * key, optional client certificates). Failed authentications answer 401 and are counted in
 * {@code jdbc_metrics_http_auth_failures_total{reason}}.
 *
 * <p>Resource limits: requests are served by a bounded pool of daemon threads named
 * {@code jdbc-metrics-http-N}. The JDK server reads each request's headers on such a thread,
 * so unless the application has set them already this class sets the JDK server's
 * {@code sun.net.httpserver.maxReqTime} (5 s to send the request), {@code maxRspTime} (120 s)
 * and {@code maxReqHeaderSize} (64 KiB) system properties before its first server starts;
 * a client that sends a partial request is disconnected and cannot hold a thread for longer.
 * It also sets {@code sun.net.httpserver.nodelay} to true, so that small responses are not
 * held back about 40 ms by Nagle's algorithm waiting for the client's delayed ACK.
 */
public final class MetricsExporter implements AutoCloseable {

    /** The port used when none is set: 9853. */
    public static final int DEFAULT_PORT = 9853;

    static final String METRICS_PATH = "/metrics";
    static final String HEALTH_PATH = "/health";
    static final String INDEX_PATH = "/";

    // Unreserved URI characters only: safe in the index page's links without escaping.
    private static final Pattern ROUTE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    static {
        HttpLimits.applyServerDefaults();
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final InFlight inFlight;
    private final PrometheusMeterRegistry registry;
    private final boolean ownsRegistry;
    private final JvmMetrics jvmMetrics;
    private final BcryptAuthenticator authenticator;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsExporter(HttpServer server, ExecutorService workers, InFlight inFlight,
            PrometheusMeterRegistry registry, boolean ownsRegistry, JvmMetrics jvmMetrics,
            BcryptAuthenticator authenticator) {
        this.server = server;
        this.workers = workers;
        this.inFlight = inFlight;
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.jvmMetrics = jvmMetrics;
        this.authenticator = authenticator;
    }

    /**
     * Starts configuring an exporter.
     *
     * @return a builder with every setting at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the version of jdbc-metrics this exporter was built as, the value of the
     * {@code version} label of {@code jdbc_metrics_build_info}.
     *
     * @return the Maven project version, or {@code "unknown"} when the build did not record it
     */
    public static String version() {
        return BuildInfo.VERSION;
    }

    /**
     * Returns the port the exporter listens on, the one chosen by the system when it was built
     * with port 0.
     *
     * @return the bound port
     */
    public int getPort() {
        return server.getAddress().getPort();
    }

    /**
     * Returns the registry this exporter serves.
     *
     * @return the registry given to the builder, or the one the exporter created
     */
    public PrometheusMeterRegistry getRegistry() {
        return registry;
    }

    /** The basic-auth check in use, or {@code null} without {@code basic_auth_users}. */
    BcryptAuthenticator authenticator() {
        return authenticator;
    }

    /**
     * Stops the exporter: requests that arrive from now on get 503, requests in progress get
     * up to two seconds to finish, then the port is released and the worker threads stop. JVM
     * metric binders are closed; the registry is closed only if the exporter created it.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inFlight.drain(CLOSE_GRACE_NANOS);
        server.stop(0);
        workers.shutdownNow();
        jvmMetrics.close();
        if (ownsRegistry) {
            registry.close();
        }
    }

    /** Configures and starts a {@link MetricsExporter}. Not thread-safe. */
    public static final class Builder {

        private PrometheusMeterRegistry registry;
        private int port = DEFAULT_PORT;
        private String host;
        private Path webConfig;
        private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
        private boolean jvmMetrics = true;
        private ScrapeListener scrapeListener = ScrapeListener.NONE;

        private Builder() {
        }

        /**
         * Optional: the registry to serve. Default: a new
         * {@code PrometheusMeterRegistry(PrometheusConfig.DEFAULT)}, closed with the exporter.
         *
         * @param registry the registry whose meters {@code /metrics} shows
         * @return this builder
         */
        public Builder registry(PrometheusMeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Optional: the TCP port. Default: {@value MetricsExporter#DEFAULT_PORT}. 0 lets the
         * system choose a free port, which {@link MetricsExporter#getPort()} reports.
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException when the port is out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Optional: the host name or address to listen on, such as {@code 127.0.0.1}. Default:
         * all interfaces.
         *
         * @param host a host name or IP address
         * @return this builder
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host.trim();
            return this;
        }

        /**
         * Optional: a {@code web-config.yml} in Prometheus exporter-toolkit form, enabling basic
         * authentication ({@code basic_auth_users}) and/or TLS ({@code tls_server_config}).
         * Relative certificate paths resolve against the file's folder. Default: none (plain
         * HTTP, no authentication).
         *
         * @param webConfig path of the file, read once when the exporter starts
         * @return this builder
         */
        public Builder webConfig(Path webConfig) {
            this.webConfig = Objects.requireNonNull(webConfig, "webConfig");
            return this;
        }

        /**
         * Optional: serves {@code handler} on exactly {@code path}, behind the same basic
         * authentication and TLS as {@code /metrics} (the sidecar's {@code /probe}, for
         * example). The handler runs on the exporter's worker threads and must close the
         * exchange. Default: no extra routes.
         *
         * @param path    an absolute path such as {@code /probe}; not {@code /}, {@code /metrics},
         *                {@code /health}, {@code /live.js}, {@code /live.css} or {@code /api/summary}
         * @param handler the handler for requests to that path
         * @return this builder
         * @throws IllegalArgumentException when the path is invalid, reserved or already taken
         */
        public Builder route(String path, HttpHandler handler) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(handler, "handler");
            if (!ROUTE_PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("route path '" + path
                        + "' must look like /name or /name/more, with letters, digits,"
                        + " '.', '_', '~' or '-' between the slashes");
            }
            if (Set.of(METRICS_PATH, HEALTH_PATH, LivePage.SCRIPT_PATH, LivePage.STYLE_PATH, LivePage.SUMMARY_PATH)
                    .contains(path)) {
                throw new IllegalArgumentException("route path '" + path
                        + "' is reserved by the exporter");
            }
            if (routes.putIfAbsent(path, handler) != null) {
                throw new IllegalArgumentException("route path '" + path + "' is already taken");
            }
            return this;
        }

        /**
         * Optional: whether to bind Micrometer's JVM and process binders (memory, GC, threads,
         * class loading, processor, uptime, file descriptors) to the registry. They are
         * skipped when the registry already has JVM metrics (as in Spring Boot), so that GC
         * events are not counted twice. Default: true.
         *
         * @param jvmMetrics false to serve only the registry's own meters and the build info
         * @return this builder
         */
        public Builder jvmMetrics(boolean jvmMetrics) {
            this.jvmMetrics = jvmMetrics;
            return this;
        }

        /**
         * Optional: told on the serving thread when each {@code /metrics} scrape starts and
         * ends (the sidecar starts its {@code db_up} probes there, so that their round trips
         * overlap with collecting the other metrics). Default: none.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder scrapeListener(ScrapeListener listener) {
            this.scrapeListener = listener != null ? listener : ScrapeListener.NONE;
            return this;
        }

        /**
         * Reads the web configuration, binds the port and starts serving.
         *
         * @return the running exporter; close it to stop
         * @throws ExporterConfigException when the web configuration is invalid, the host
         *                                 is unknown or the port cannot be bound; nothing is
         *                                 left running then
         */
        public MetricsExporter buildAndStart() {
            WebConfig config = webConfig == null ? WebConfig.NONE : WebConfig.load(webConfig);
            SSLContext sslContext = config.tls() == null ? null : TlsSetup.sslContext(config);
            HttpServer server = bind(sslContext, config);

            boolean ownsRegistry = registry == null;
            PrometheusMeterRegistry reg = ownsRegistry
                    ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : registry;
            BuildInfo.register(reg);
            JvmMetrics jvm = jvmMetrics ? JvmMetrics.bindTo(reg) : JvmMetrics.NONE;
            BcryptAuthenticator auth = config.users().isEmpty()
                    ? null : new BcryptAuthenticator(config.users(), reg);

            InFlight inFlight = new InFlight();
            addRoute(server, inFlight, METRICS_PATH,
                    new MetricsHandler(reg.getPrometheusRegistry(), scrapeListener), auth);
            // Liveness probes carry no credentials; /health reveals nothing but "OK".
            addRoute(server, inFlight, HEALTH_PATH, PlainHandlers.health(), null);
            addRoute(server, inFlight, INDEX_PATH, LivePage.page(routes.keySet()), auth);
            addRoute(server, inFlight, LivePage.SCRIPT_PATH, LivePage.script(), auth);
            addRoute(server, inFlight, LivePage.STYLE_PATH, LivePage.style(), auth);
            addRoute(server, inFlight, LivePage.SUMMARY_PATH, LivePage.summary(reg), auth);
            routes.forEach((path, handler) -> addRoute(server, inFlight, path, handler, auth));

            ExecutorService workers = HttpLimits.newWorkerPool();
            server.setExecutor(workers);
            server.start();
            return new MetricsExporter(server, workers, inFlight, reg, ownsRegistry, jvm, auth);
        }

        private HttpServer bind(SSLContext sslContext, WebConfig config) {
            InetSocketAddress address = address();
            String where = (host == null ? "0.0.0.0" : host);
            try {
                HttpServer server;
                if (sslContext == null) {
                    server = HttpServer.create();
                } else {
                    HttpsServer https = HttpsServer.create();
                    https.setHttpsConfigurator(TlsSetup.configurator(sslContext, config.tls()));
                    server = https;
                }
                server.bind(address, 0);
                return server;
            } catch (BindException e) {
                String reason = String.valueOf(e.getMessage());
                if (reason.contains("in use")) {
                    throw new ExporterConfigException(
                            "port " + port + " is already in use on " + where, e);
                }
                throw new ExporterConfigException(
                        "cannot listen on " + where + " port " + port + ": " + reason, e);
            } catch (IOException e) {
                throw new ExporterConfigException(
                        "cannot listen on " + where + " port " + port + ": " + e.getMessage(), e);
            }
        }

        private InetSocketAddress address() {
            if (host == null) {
                return new InetSocketAddress(port);
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new ExporterConfigException("host '" + host + "' cannot be resolved", e);
            }
        }

        private static void addRoute(HttpServer server, InFlight inFlight, String path,
                HttpHandler handler, BcryptAuthenticator auth) {
            // Every route runs within the scrape's deadline, so collectors behind extra routes
            // (the sidecar's /probe) see ScrapeDeadline as /metrics does.
            HttpHandler withinDeadline = exchange -> ScrapeDeadline.within(
                    ScrapeDeadline.budgetNanos(exchange.getRequestHeaders().getFirst(ScrapeDeadline.TIMEOUT_HEADER)),
                    () -> handler.handle(exchange));
            HttpContext context =
                    server.createContext(path, inFlight.track(PlainHandlers.exact(path, withinDeadline)));
            if (auth != null) {
                context.setAuthenticator(auth);
            }
        }
    }
}
