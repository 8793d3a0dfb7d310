package dev.jdbcmetrics.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.PrometheusServer;
import dev.jdbcmetrics.it.support.RepoPaths;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A small fleet, the way large users run it: three application instances (each its own registry,
 * pools and {@link MetricsExporter}), scraped by a Prometheus in agent mode that adds
 * {@code external_labels} and remote-writes to a second Prometheus, the receiver, which
 * evaluates {@code deploy/prometheus}'s recording, fleet and alert rules on everything it got.
 * The CI-sized version of {@code scripts/fleet.sh}.
 *
 * <p>Every instance runs datasource {@code orders}: 9 statements of about 30 ms and 1 that the
 * server rejects per round; the first also runs {@code billing}, which never fails. Then the
 * load stops and the first instance's {@code orders} pool is held full, the second holds one
 * connection: the pool rules and alerts must see exactly that.
 */
class FleetIT {

    private static final int INSTANCES = 3;
    private static final int ORDERS_POOL = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String cluster = "ci-" + id;
    private final String orders = "fleet_orders_" + id;
    private final String billing = "fleet_billing_" + id;

    @Test
    void theReceiverAggregatesTheFleetAndEvaluatesTheShippedRules() throws Exception {
        Path rules = RepoPaths.root().resolve("deploy/prometheus");
        List<Instance> fleet = new ArrayList<>();
        try (PrometheusServer receiver = PrometheusServer.builder().remoteWriteReceiver()
                .ruleFile(rules.resolve("recording-rules.yml"))
                .ruleFile(rules.resolve("fleet-rules.yml"))
                .ruleFile(rules.resolve("alerts.yml"))
                .start()) {
            for (int i = 0; i < INSTANCES; i++) {
                fleet.add(new Instance(i == 0));
            }
            PrometheusServer.Builder agentBuilder = PrometheusServer.builder().agent()
                    .externalLabel("cluster", cluster).externalLabel("replica", "agent-0")
                    .remoteWrite(receiver.baseUrl() + "/api/v1/write");
            fleet.forEach(instance -> agentBuilder.target("127.0.0.1:" + instance.exporter.getPort()));
            try (PrometheusServer agent = agentBuilder.start()) {
                agent.awaitTargetsUp(WAIT);
                fleet.forEach(Instance::startLoad);

                String sel = "{cluster=\"" + cluster + "\",datasource=\"" + orders + "\"}";
                String billingSel = "{cluster=\"" + cluster + "\",datasource=\"" + billing + "\"}";
                receiver.awaitValue("cluster_datasource:instances:count" + sel, v -> v == INSTANCES, WAIT);
                receiver.awaitValue("cluster_datasource:instances:count" + billingSel, v -> v == 1, WAIT);
                // Enough points in the window for rate(): the ratio of the scripted 1 in 10.
                double ratio = receiver.awaitValue("cluster_datasource:db_queries_error_ratio:rate5m" + sel,
                        v -> v > 0.05 && v < 0.15, WAIT);
                // billing's own counters need two samples of their own before rate() has a value:
                // waited for, like orders' (no failure: a ratio of exactly 0 rather than none).
                receiver.awaitValue("cluster_datasource:db_queries_error_ratio:rate5m" + billingSel, v -> v == 0,
                        WAIT);
                // The ~30 ms statements are 90%: the fleet's p99 lies in their bucket (0.025..0.05],
                // or the next one when the shared machine stalls a statement.
                double p99 = receiver.awaitValue("cluster_datasource:db_query_duration_seconds:p99_5m" + sel,
                        v -> v > 0.025 && v <= 0.1, WAIT);
                assertThat(receiver.scalar("cluster_datasource:db_queries_executed:rate5m" + sel)).isPositive();
                System.out.printf("fleet %s: error ratio %.4f, p99 %.4f s, %.0f statements received%n", cluster, ratio,
                        p99, receiver.scalar("sum(db_queries_executed_total" + sel + ")"));

                fleet.forEach(Instance::stopLoad);
                List<Connection> held = new ArrayList<>();
                try {
                    for (int i = 0; i < ORDERS_POOL; i++) {
                        held.add(fleet.get(0).orders.getConnection());
                    }
                    held.add(fleet.get(1).orders.getConnection());
                    // A full pool refuses the next lease: a fresh failure counter, an alert at once.
                    try (Connection refused = fleet.get(0).orders.getConnection()) {
                        throw new AssertionError("the full pool lent a connection: " + refused);
                    } catch (SQLTransientConnectionException expected) {
                        // counted in db_connection_acquire_failures_total
                    }
                    receiver.awaitValue("cluster_datasource:db_pool_saturation:ratio" + sel,
                            v -> v == (ORDERS_POOL + 1.0) / (INSTANCES * ORDERS_POOL), WAIT);
                    receiver.awaitValue("cluster_datasource:db_pool_saturation_ratio:max" + sel, v -> v == 1.0, WAIT);
                    assertThat(receiver.scalar("cluster_datasource:db_pool_saturation:ratio" + billingSel)).isZero();

                    String alerts = "ALERTS{cluster=\"" + cluster + "\",datasource=\"" + orders + "\",";
                    receiver.awaitValue("count(" + alerts + "alertname=\"JdbcConnectionAcquireFailures\","
                            + "alertstate=\"firing\",sqlstate_class=\"none\"})", v -> v == 1, WAIT);
                    // JdbcPoolSaturated holds for 5 minutes before firing: pending, on the full pool only.
                    JsonNode pending = receiver.query(alerts + "alertname=\"JdbcPoolSaturated\",alertstate=\"pending\"}")
                            .get("result");
                    assertThat(pending).hasSize(1);
                    assertThat(pending.get(0).get("metric").get("instance").asText())
                            .isEqualTo("127.0.0.1:" + fleet.get(0).exporter.getPort());
                    assertThat(pending.get(0).get("metric").get("replica").asText()).isEqualTo("agent-0");
                } finally {
                    for (Connection c : held) {
                        c.close();
                    }
                }

                // Every shipped rule evaluated without an error on the received data.
                Set<String> groups = new HashSet<>();
                for (JsonNode group : receiver.get("/api/v1/rules").get("groups")) {
                    groups.add(group.get("name").asText());
                    for (JsonNode rule : group.get("rules")) {
                        assertThat(rule.get("health").asText()).as(rule.get("name").asText() + ": "
                                + rule.path("lastError").asText()).isEqualTo("ok");
                    }
                }
                assertThat(groups).containsExactlyInAnyOrder("jdbc-metrics-recording", "jdbc-metrics-fleet",
                        "jdbc-metrics-pool", "jdbc-metrics-queries", "jdbc-metrics-availability");
            }
        } finally {
            for (Instance instance : fleet) {
                instance.close();
            }
        }
    }

    /** One application instance: its own registry, pools and {@code /metrics} endpoint. */
    private final class Instance implements AutoCloseable {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final HikariDataSource ordersPool;
        final HikariDataSource billingPool;
        final MeteredDataSource orders;
        final MeteredDataSource billingSource;
        final MetricsExporter exporter;
        private volatile boolean running;
        private final List<Thread> threads = new ArrayList<>();

        Instance(boolean withBilling) {
            ordersPool = pool(ORDERS_POOL);
            orders = MeteredDataSource.builder(ordersPool).name(FleetIT.this.orders).registry(registry).build();
            billingPool = withBilling ? pool(2) : null;
            billingSource = withBilling
                    ? MeteredDataSource.builder(billingPool).name(billing).registry(registry).build() : null;
            exporter = MetricsExporter.builder().registry(registry).host("127.0.0.1").port(0).buildAndStart();
        }

        private HikariDataSource pool(int size) {
            DatabaseEndpoint pg = TestDatabases.postgres();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(pg.jdbcUrl());
            config.setUsername(pg.user());
            config.setPassword(pg.password());
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(250);
            return new HikariDataSource(config);
        }

        void startLoad() {
            running = true;
            threads.add(thread(() -> {
                try (Connection c = orders.getConnection(); Statement s = c.createStatement()) {
                    for (int i = 0; i < 9; i++) {
                        s.execute("SELECT pg_sleep(0.03)");
                    }
                    try {
                        s.execute("SELECT * FROM fleet_missing_" + id);
                    } catch (SQLException expected) {
                        // 42P01, counted as a failure of class 42
                    }
                }
            }));
            if (billingSource != null) {
                threads.add(thread(() -> {
                    try (Connection c = billingSource.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(0.01)");
                    }
                }));
            }
        }

        private Thread thread(SqlRound round) {
            Thread thread = new Thread(() -> {
                while (running) {
                    try {
                        round.run();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "fleet-load-" + exporter.getPort());
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        void stopLoad() {
            running = false;
            for (Thread thread : threads) {
                try {
                    thread.join(WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            exporter.close();
            orders.close();
            ordersPool.close();
            if (billingSource != null) {
                billingSource.close();
                billingPool.close();
            }
            registry.close();
        }
    }

    @FunctionalInterface
    private interface SqlRound {
        void run() throws SQLException;
    }
}
