package dev.jdbcmetrics.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.jdbcmetrics.benchmarks.stub.StubDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One tool set up over its own backend (an H2 database or the stub driver) and HikariCP pool:
 * the data source the benchmark calls and the metrics it recorded. Close it to release the
 * pool, the database and the registries.
 */
public final class Workbench implements AutoCloseable {

    /** The pool size of every benchmark's HikariCP pool, over either backend. */
    public static final int POOL_SIZE = 4;

    private final Target target;
    private final PrometheusMeterRegistry registry;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final Supplier<String> scrape;
    private final AutoCloseable extra;

    private Workbench(Target target, PrometheusMeterRegistry registry, HikariDataSource pool,
                      DataSource dataSource, Supplier<String> scrape, AutoCloseable extra) {
        this.target = target;
        this.registry = registry;
        this.pool = pool;
        this.dataSource = dataSource;
        this.scrape = scrape;
        this.extra = extra;
    }

    /**
     * Sets up {@code tool} over a fresh H2 database and pool.
     *
     * @throws IllegalStateException when the tool cannot be set up (e.g. jdbc-metrics missing)
     */
    public static Workbench open(Tool tool) {
        return open(tool, Backend.H2);
    }

    /**
     * Sets up {@code tool} over a fresh pool on {@code backend} (for H2, a fresh database too).
     *
     * @throws IllegalStateException when the tool cannot be set up (e.g. jdbc-metrics missing)
     */
    public static Workbench open(Tool tool, Backend backend) {
        Target db = Target.create(backend);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariDataSource pool = null;
        try {
            HikariConfig config = poolConfig(db.jdbcUrl());
            if (tool == Tool.HIKARI_MICROMETER) {
                config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
            } else if (tool == Tool.JDBC_METRICS_URL) {
                JdbcMetricsSetup.viaUrl(config, registry);
            } else if (tool == Tool.JDBC_METRICS_URL_POOL) {
                JdbcMetricsSetup.viaUrlWithPoolMetrics(config, registry);
            }
            pool = new HikariDataSource(config);
            return switch (tool) {
                case RAW, HIKARI_MICROMETER -> new Workbench(db, registry, pool, pool, registry::scrape, null);
                case JDBC_METRICS -> new Workbench(db, registry, pool,
                        JdbcMetricsSetup.wrap(pool, registry), registry::scrape, null);
                case JDBC_METRICS_TRACKER -> new Workbench(db, registry, pool,
                        JdbcMetricsSetup.wrapWithPoolTracker(pool, registry), registry::scrape, null);
                case JDBC_METRICS_SIMPLE -> {
                    SimpleMeterRegistry simple = new SimpleMeterRegistry();
                    yield new Workbench(db, registry, pool, JdbcMetricsSetup.wrap(pool, simple),
                            simple::getMetersAsString, simple::close);
                }
                case JDBC_METRICS_URL, JDBC_METRICS_URL_POOL -> new Workbench(db, registry, pool, pool,
                        registry::scrape, JdbcMetricsSetup::resetUrlMode);
                case P6SPY -> new Workbench(db, registry, pool, P6spySetup.wrap(pool, registry),
                        registry::scrape, null);
                case DATASOURCE_PROXY, DATASOURCE_PROXY_ROWS -> new Workbench(db, registry, pool,
                        DatasourceProxySetup.wrap(pool, registry, tool == Tool.DATASOURCE_PROXY_ROWS),
                        registry::scrape, null);
                case DATASOURCE_MICROMETER -> new Workbench(db, registry, pool,
                        DatasourceMicrometerSetup.wrap(pool, registry), registry::scrape, null);
                case OTEL -> {
                    OtelSetup otel = new OtelSetup(pool);
                    yield new Workbench(db, registry, pool, otel.dataSource(), otel::scrape, otel);
                }
            };
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (tool == Tool.JDBC_METRICS_URL || tool == Tool.JDBC_METRICS_URL_POOL) {
                JdbcMetricsSetup.resetUrlMode();
            }
            registry.close();
            dropQuietly(db, e);
            throw e;
        }
    }

    /** The HikariCP settings every tool and backend shares: max {@value #POOL_SIZE} connections, all kept idle. */
    static HikariConfig poolConfig(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName("bench");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        return config;
    }

    /** The data source the benchmark calls. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * What the tool recorded: Prometheus text for Micrometer-based tools, one line per
     * histogram point for OpenTelemetry.
     */
    public String scrape() {
        return scrape.get();
    }

    @Override
    public void close() throws Exception {
        pool.close();
        if (extra != null) {
            extra.close();
        }
        registry.close();
        target.drop();
    }

    private static void dropQuietly(Target db, RuntimeException cause) {
        try {
            db.drop();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The backend's JDBC URL, and how to drop what was created for it once the pool is closed. */
    private record Target(String jdbcUrl, Drop dropper) {

        static Target create(Backend backend) {
            return switch (backend) {
                case H2 -> {
                    BenchDatabase h2 = BenchDatabase.create();
                    yield new Target(h2.h2Url(), h2::drop);
                }
                // Nothing to create or drop: every stub connection answers from memory.
                case STUB -> new Target(StubDriver.url("bench"), () -> { });
            };
        }

        void drop() throws SQLException {
            dropper.drop();
        }
    }

    private interface Drop {
        void drop() throws SQLException;
    }
}
