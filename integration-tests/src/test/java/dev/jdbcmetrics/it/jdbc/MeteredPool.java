package dev.jdbcmetrics.it.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import dev.jdbcmetrics.proxy.MetricsDriver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.sql.DataSource;

/**
 * A HikariCP pool of at most 4 connections metered through one {@link EntryPoint}, recording
 * into its own Prometheus registry under the {@code datasource} label {@link #name()}.
 */
final class MeteredPool implements AutoCloseable {

    static final int MAX_SIZE = 4;

    private final String name;
    private final PrometheusMeterRegistry registry;
    private final HikariDataSource hikari;
    private final DataSource dataSource;
    private final MeteredDataSource metered;

    private MeteredPool(String name, PrometheusMeterRegistry registry, HikariDataSource hikari,
            MeteredDataSource metered) {
        this.name = name;
        this.registry = registry;
        this.hikari = hikari;
        this.metered = metered;
        this.dataSource = metered != null ? metered : hikari;
    }

    /**
     * Opens a pool to {@code database}.
     *
     * @param driverParameters extra {@code key=value} parameters for the real driver's URL
     */
    static MeteredPool open(Database database, EntryPoint entryPoint, String name, String... driverParameters) {
        return open(database, entryPoint, name, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), driverParameters);
    }

    static MeteredPool open(Database database, EntryPoint entryPoint, String name, PrometheusMeterRegistry registry,
            String... driverParameters) {
        DatabaseEndpoint endpoint = database.endpoint();
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(MAX_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        String url = database.url(driverParameters);
        if (entryPoint == EntryPoint.WRAPPED_HIKARI) {
            config.setJdbcUrl(url);
            HikariDataSource hikari = new HikariDataSource(config);
            return new MeteredPool(name, registry, hikari,
                    MeteredDataSource.builder(hikari).name(name).registry(registry).build());
        }
        MetricsDriver.useRegistry(registry);
        String metricsUrl = "jdbc:metrics:" + url.substring("jdbc:".length());
        config.setJdbcUrl(metricsUrl + (metricsUrl.contains("?") ? '&' : '?') + "jdbcmetrics.name=" + name);
        return new MeteredPool(name, registry, new HikariDataSource(config), null);
    }

    /** The application's view: the metered data source. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The {@code datasource} label. */
    String name() {
        return name;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Scrapes the registry now. */
    Scrape scrape() {
        return Scrape.of(registry);
    }

    @Override
    public void close() throws Exception {
        try {
            if (metered != null) {
                metered.close();
            } else {
                hikari.close();
            }
        } finally {
            registry.close();
        }
    }
}
