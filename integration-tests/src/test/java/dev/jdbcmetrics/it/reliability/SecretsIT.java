package dev.jdbcmetrics.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import dev.jdbcmetrics.proxy.MetricsDriver;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A secret planted in URL passwords and connection properties, through both entry points
 * ({@code jdbc:metrics:} URLs and a wrapped HikariCP pool), with successful and failing
 * connections and statements: it appears in no log line, no exception message and nowhere in
 * the {@code /metrics} output.
 */
class SecretsIT {

    private final String secret = "Pl4nted" + UUID.randomUUID().toString().replace("-", "");
    private final List<String> messages = new ArrayList<>();

    @Test
    void aPlantedSecretAppearsInNoLogNoMessageAndNoScrape() throws Exception {
        DatabaseEndpoint pg = TestDatabases.postgres();
        String host = pg.jdbcUrl().substring("jdbc:".length());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.addRegistry(registry);
        MetricsDriver.useRegistry(registry);
        String scrape;
        String log;
        try (CapturedOutput output = new CapturedOutput();
                MetricsExporter exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1")
                        .buildAndStart()) {
            // 1. jdbc:metrics: with the right login plus the secret in a URL parameter and a property.
            Properties withSecret = login(pg, pg.password());
            withSecret.setProperty("plantedToken", secret);
            try (Connection c = DriverManager.getConnection("jdbc:metrics:" + host + sep(host)
                    + "sslpassword=" + secret + "&jdbcmetrics.name=secrets-url", withSecret)) {
                run(c);
            }
            // 2. jdbc:metrics: with the secret as a wrong password: in the URL, then in the properties.
            attempt(() -> DriverManager.getConnection("jdbc:metrics:" + host + sep(host) + "user=" + pg.user()
                    + "&password=" + secret + "&jdbcmetrics.name=secrets-url"));
            attempt(() -> DriverManager.getConnection("jdbc:metrics:" + host + sep(host)
                    + "jdbcmetrics.name=secrets-url", login(pg, secret)));
            // 3. URLs of other shapes that hold the secret, with no driver to take them.
            attempt(() -> DriverManager.getConnection("jdbc:metrics:nosuchdb:thin:scott/" + secret + "@db:1521:x"));
            attempt(() -> DriverManager.getConnection("jdbc:metrics:nosuchdb://u:" + secret + "@db/x?password=" + secret));
            // (Not postgresql://(host=..,password=..): PgJDBC takes that for a host name and its own
            // UnknownHostException names it. Driver messages pass through unchanged, by design.)
            attempt(() -> DriverManager.getConnection("jdbc:metrics:nosuchdb://(host=db,password=" + secret + ")/x"));
            attempt(() -> DriverManager.getConnection("jdbc:metrics:" + host + sep(host) + "password=" + secret
                    + "&jdbcmetrics.bogus=1"));
            // 4. A wrapped HikariCP pool whose URL carries the secret as a wrong password.
            HikariConfig bad = new HikariConfig();
            bad.setJdbcUrl(pg.jdbcUrl() + sep(pg.jdbcUrl()) + "password=" + secret);
            bad.setUsername(pg.user());
            bad.setConnectionTimeout(1_000);
            bad.setInitializationFailTimeout(-1);
            try (HikariDataSource pool = new HikariDataSource(bad);
                    MeteredDataSource ds = MeteredDataSource.wrap(pool, registry)) {
                for (int i = 0; i < 3; i++) {
                    attempt(ds::getConnection);
                }
            }
            // 5. A wrapped pool with the right login and the secret in a data source property.
            HikariConfig good = new HikariConfig();
            good.setJdbcUrl(pg.jdbcUrl());
            good.setUsername(pg.user());
            good.setPassword(pg.password());
            good.addDataSourceProperty("sslpassword", secret);
            try (HikariDataSource pool = new HikariDataSource(good);
                    MeteredDataSource ds = MeteredDataSource.wrap(pool, registry);
                    Connection c = ds.getConnection()) {
                run(c);
                scrape = get(exporter.getPort());
            }
            log = output.text();
        } finally {
            Metrics.removeRegistry(registry);
            MetricsDriver.useRegistry(Metrics.globalRegistry);
            registry.close();
        }

        assertThat(messages).as("failures were provoked").hasSize(11)
                .allSatisfy(m -> assertThat(m).doesNotContain(secret));
        assertThat(scrape).contains("db_queries_executed_total{").contains("datasource=\"secrets-url\"")
                .contains("db_connection_acquire_failures_total{").doesNotContain(secret);
        assertThat(log).as("captured log").isNotEmpty().doesNotContain(secret);
    }

    private void run(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            try {
                s.executeQuery("SELECT '" + secret + "' FROM no_such_table_here");
            } catch (SQLException e) {
                record(e); // the server's message names the table, not the literal
            }
        }
    }

    private interface Attempt {
        Object run() throws Exception;
    }

    private void attempt(Attempt attempt) {
        try {
            Object connection = attempt.run();
            if (connection instanceof AutoCloseable closeable) {
                closeable.close();
            }
            throw new AssertionError("expected a failure");
        } catch (SQLException e) {
            record(e);
        } catch (Exception e) {
            throw new AssertionError("expected only SQLException, got " + e.getClass().getName(), e);
        }
    }

    private void record(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                all.append(frame).append('\n');
            }
        }
        messages.add(all.toString());
    }

    private static Properties login(DatabaseEndpoint pg, String password) {
        Properties info = new Properties();
        info.setProperty("user", pg.user());
        info.setProperty("password", password);
        return info;
    }

    private static String sep(String url) {
        return url.contains("?") ? "&" : "?";
    }

    private static String get(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
