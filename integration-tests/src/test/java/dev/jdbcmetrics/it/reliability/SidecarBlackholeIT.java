package dev.jdbcmetrics.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.FaultProxy;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar while the network to its database drops every packet: the monitoring must not
 * become the outage (postgres_exporter #921, #1228, where each scrape left a connection behind).
 * Every {@code /metrics} answers within the scrape timeout Prometheus sends, with {@code db_up 0};
 * repeated scrapes never hold more server connections than the pool's maximum; and when the
 * network returns, {@code db_up} is 1 again on its own.
 *
 * <p>The database is the shared PostgreSQL behind a {@link FaultProxy}; the sidecar's sessions
 * are told apart on the server by their {@code application_name}.
 */
class SidecarBlackholeIT {

    private static final int POOL_MAX = 2;
    /**
     * Shorter than what the sidecar's own waits allow (5 s pool timeout, the driver's 3 s socket
     * timeout): the scrape deadline, not the driver, must bound the answer, and the refreshes it
     * leaves running pile up behind the pool.
     */
    private static final double SCRAPE_TIMEOUT_SECONDS = 2;
    private static final Duration BLACKHOLE = Duration.ofSeconds(10);
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String applicationName = "SidecarBlackholeIT-" + id;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyScrapeAnswersInTimeWithDbUpZeroAndTheConnectionsStayBounded() throws Exception {
        DatabaseEndpoint pg = TestDatabases.postgres();
        URI address = URI.create(pg.jdbcUrl().substring("jdbc:".length()));
        try (FaultProxy proxy = FaultProxy.start(address.getHost(), address.getPort())) {
            String url = proxy.rewrite(pg.jdbcUrl()).replaceAll("[?&]connectTimeout=\\d+", "");
            url += (url.contains("?") ? "&" : "?") + "connectTimeout=2&socketTimeout=3&ApplicationName=" + applicationName;
            Files.writeString(folder.resolve("db-password"), pg.password());
            String yaml = """
                    targets:
                      - name: shop
                        url: "%s"
                        user: %s
                        password_file: %s
                        pool: { max_size: %d, connection_timeout: 5s }
                        collectors: [probe]
                    collectors:
                      - name: probe
                        timeout: 5s
                        metrics:
                          - name: probe_sessions
                            type: gauge
                            help: Sessions of this sidecar on the server
                            query: SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = '%s'
                            value: n
                    """.formatted(url, pg.user(), folder.resolve("db-password"), POOL_MAX, applicationName);
            SidecarConfig config = SidecarConfig.parse(new StringReader(yaml), Map.<String, String>of()::get, folder);
            try (Sidecar sidecar = Sidecar.builder(config).port(0).host("127.0.0.1").start()) {
                URI metrics = URI.create("http://127.0.0.1:" + sidecar.getPort() + "/metrics");
                awaitUp(metrics, 1);

                proxy.blackhole();
                List<Long> millis = new ArrayList<>();
                List<Long> sessions = new ArrayList<>();
                long end = System.nanoTime() + BLACKHOLE.toNanos();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = scrape(metrics);
                    long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    millis.add(took);
                    sessions.add(serverSessions(pg));
                    MetricsText m = new MetricsText(response.body());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(took).as("scrape %d answered within the %s s scrape timeout", millis.size(),
                            SCRAPE_TIMEOUT_SECONDS).isLessThan((long) (SCRAPE_TIMEOUT_SECONDS * 1000));
                    assertThat(m.sum("db_up", "target=\"shop\"")).as("scrape %d during the blackhole", millis.size())
                            .isZero();
                }
                long healed = System.nanoTime();
                proxy.heal();
                long recoveryMillis = awaitUp(metrics, 1);
                long afterRecovery = sampleSessions(pg, sessions);

                String summary = "scrapes during the blackhole " + millis + " ms; server sessions " + sessions
                        + "; recovered in " + recoveryMillis + " ms after the heal; sessions after " + afterRecovery
                        + "; proxy accepted " + proxy.acceptedConnections() + " connections";
                System.out.println(summary);
                assertThat(millis.size()).as(summary).isGreaterThanOrEqualTo(3);
                assertThat(sessions).as(summary).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(POOL_MAX));
                assertThat(afterRecovery).as(summary).isBetween(1L, (long) POOL_MAX);
                assertThat(Duration.ofNanos(System.nanoTime() - healed)).isLessThan(BOUND);
            }
        }
    }

    private HttpResponse<String> scrape(URI metrics) throws Exception {
        return http.send(HttpRequest.newBuilder(metrics).timeout(BOUND)
                        .header("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(SCRAPE_TIMEOUT_SECONDS)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes every 200 ms until {@code db_up == expected}; returns how long that took. */
    private long awaitUp(URI metrics, int expected) throws Exception {
        long start = System.nanoTime();
        long deadline = start + BOUND.toNanos();
        while (true) {
            HttpResponse<String> response = scrape(metrics);
            assertThat(response.statusCode()).isEqualTo(200);
            if (new MetricsText(response.body()).sum("db_up", "target=\"shop\"") == expected) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("db_up never became " + expected + " within " + BOUND);
            }
            Thread.sleep(200);
        }
    }

    /** Samples the sidecar's server sessions for 2 s after the recovery; returns the last count. */
    private long sampleSessions(DatabaseEndpoint pg, List<Long> into) throws Exception {
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = serverSessions(pg);
            into.add(last);
            Thread.sleep(200);
        }
        return last;
    }

    private long serverSessions(DatabaseEndpoint pg) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + applicationName + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
