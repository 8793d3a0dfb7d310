package dev.jdbcmetrics.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One tool set up over its own H2 database and HikariCP pool: the data source the benchmark
 * calls and the metrics it recorded. Close it to release the pool, the database and the
 * registries.
 */
public final class Workbench implements AutoCloseable {

    private final BenchDatabase database;
    private final PrometheusMeterRegistry registry;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final Supplier<String> scrape;
    private final AutoCloseable extra;

    private Workbench(BenchDatabase database, PrometheusMeterRegistry registry, HikariDataSource pool,
                      DataSource dataSource, Supplier<String> scrape, AutoCloseable extra) {
        this.database = database;
        this.registry = registry;
        this.pool = pool;
        this.dataSource = dataSource;
        this.scrape = scrape;
        this.extra = extra;
    }

    /**
     * Sets up {@code tool} over a fresh database and pool.
     *
     * @throws IllegalStateException when the tool cannot be set up (e.g. jdbc-metrics missing)
     */
    public static Workbench open(Tool tool) {
        BenchDatabase db = BenchDatabase.create();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariDataSource pool = null;
        try {
            HikariConfig config = db.hikariConfig(db.h2Url());
            if (tool == Tool.HIKARI_MICROMETER) {
                config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
            } else if (tool == Tool.JDBC_METRICS_URL) {
                JdbcMetricsSetup.viaUrl(config, registry);
            }
            pool = new HikariDataSource(config);
            return switch (tool) {
                case RAW, HIKARI_MICROMETER -> new Workbench(db, registry, pool, pool, registry::scrape, null);
                case JDBC_METRICS -> new Workbench(db, registry, pool,
                        JdbcMetricsSetup.wrap(pool, registry), registry::scrape, null);
                case JDBC_METRICS_URL -> new Workbench(db, registry, pool, pool, registry::scrape,
                        JdbcMetricsSetup::resetUrlMode);
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
            if (tool == Tool.JDBC_METRICS_URL) {
                JdbcMetricsSetup.resetUrlMode();
            }
            registry.close();
            dropQuietly(db, e);
            throw e;
        }
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
        database.drop();
    }

    private static void dropQuietly(BenchDatabase db, RuntimeException cause) {
        try {
            db.drop();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
