package dev.jdbcmetrics.it.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.it.support.PrometheusServer;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a Spring Boot user of {@code jdbc-metrics-spring-boot-starter} sees, on a real application
 * (Tomcat on a free port, actuator, Micrometer's Prometheus registry, HikariCP) against the real
 * PostgreSQL, read over HTTP from {@code /actuator/prometheus} and by a real Prometheus server.
 * Each Boot line's module runs it with the Micrometer, client_java and HikariCP versions that Boot
 * manages.
 */
abstract class BootStarterContract {

    private static final String DS = "dataSource";
    private static final Map<String, String> POOL = Map.of(
            "spring.datasource.hikari.pool-name", "boot-pool",
            "spring.datasource.hikari.maximum-pool-size", "4");

    private static PostgresLogin postgres;

    @BeforeAll
    static void findPostgres() {
        postgres = PostgresLogin.resolve();
    }

    @Test
    void classPathHasTheVersionsBootManages() {
        Map<String, String> versions = Map.of(
                "Spring Boot", SpringBootVersion.getVersion(),
                "Micrometer", ClassPathVersions.of(MeterRegistry.class),
                "client_java", ClassPathVersions.of(Counter.class),
                "HikariCP", ClassPathVersions.of(HikariDataSource.class));
        System.out.println("jdbc-metrics starter tested with " + versions);
        assertThat(versions).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Spring Boot", System.getProperty("jdbcmetrics.it.boot.version"),
                "Micrometer", System.getProperty("jdbcmetrics.it.micrometer.version"),
                "client_java", System.getProperty("jdbcmetrics.it.prometheus-client.version"),
                "HikariCP", System.getProperty("jdbcmetrics.it.hikaricp.version")));
    }

    @Test
    void workloadIsCountedExactlyAndBootsOwnPoolMetricsStay() {
        try (RunningApp app = RunningApp.start(BootApp.class, properties(POOL))) {
            assertThat(app.dataSource(DS)).isInstanceOf(MeteredDataSource.class);
            Workload workload = Workload.run(app.jdbc(), tablePrefix("counts"));
            String t = workload.table();
            Scrape scrape = app.scrape();
            workload.drop();

            assertThat(scrape.value("db_queries_executed_total", "datasource", DS, "operation", "insert", "table", t))
                    .isEqualTo(3.0);
            assertThat(scrape.value("db_queries_executed_total", "datasource", DS, "operation", "select", "table", t))
                    .isEqualTo(6.0);
            assertThat(scrape.value("db_queries_executed_total", "datasource", DS, "operation", "ddl", "table", t))
                    .isEqualTo(1.0);
            assertThat(scrape.value("db_queries_failed_total", "datasource", DS, "operation", "select",
                    "sqlstate_class", "42", "table", t)).isEqualTo(1.0);
            assertThat(scrape.series("db_queries_failed_total")).hasSize(1);
            assertThat(scrape.value("db_rows_affected_total", "datasource", DS, "operation", "insert", "table", t))
                    .isEqualTo(3.0);
            assertThat(scrape.value("db_rows_returned_total", "datasource", DS, "operation", "select", "table", t))
                    .isEqualTo(5.0);
            assertThat(scrape.value("db_query_duration_seconds_count", "datasource", DS, "operation", "select",
                    "outcome", "success", "table", t)).isEqualTo(5.0);
            assertThat(scrape.value("db_query_duration_seconds_count", "datasource", DS, "operation", "select",
                    "outcome", "error", "table", t)).isEqualTo(1.0);

            // Pool gauges and borrow times without any setup, next to Boot's own pool metrics.
            assertThat(scrape.value("db_connections_max", "datasource", DS)).isEqualTo(4.0);
            assertThat(scrape.value("db_connections_active", "datasource", DS)).isEqualTo(0.0);
            assertThat(scrape.value("db_connections_pending", "datasource", DS)).isEqualTo(0.0);
            assertThat(scrape.value("hikaricp_connections_max", "pool", "boot-pool")).isEqualTo(4.0);
            assertThat(scrape.value("jdbc_connections_max", "name", DS)).isEqualTo(4.0);
            // Boot binds jdbc_connections_active/idle only for a pool that has started before its binder runs.
            assertThat(scrape.value("jdbc_connections_min", "name", DS)).isEqualTo(4.0);
            double borrows = scrape.value("db_connection_acquire_seconds_count", "datasource", DS);
            assertThat(borrows).isEqualTo(Workload.STATEMENTS);
            assertThat(scrape.value("db_connection_usage_seconds_count", "datasource", DS)).isEqualTo(borrows);
            assertThat(scrape.value("hikaricp_connections_acquire_seconds_count", "pool", "boot-pool")).isEqualTo(borrows);

            // Boot's DataSourceHealthIndicator validates a connection of the wrapped pool.
            assertThat(app.get("/actuator/health")).contains("\"db\":{\"status\":\"UP\"");
        }
    }

    @Test
    void managementMetricsEnableDbFalseLeavesNoDbSeries() {
        Map<String, String> props = new HashMap<>(POOL);
        props.put("management.metrics.enable.db", "false");
        try (RunningApp app = RunningApp.start(BootApp.class, properties(props))) {
            Workload workload = Workload.run(app.jdbc(), tablePrefix("denied"));
            Scrape scrape = app.scrape();
            workload.drop();

            List<String> dbLines = scrape.text().lines().filter(l -> l.matches("(# (HELP|TYPE) )?db_.*")).toList();
            assertThat(dbLines).isEmpty();
            assertThat(scrape.value("hikaricp_connections_max", "pool", "boot-pool")).isEqualTo(4.0);
            assertThat(scrape.value("jdbc_connections_max", "name", DS)).isEqualTo(4.0);
        }
    }

    @Test
    void anExcludedBeanIsLeftUnwrapped() throws Exception {
        try (RunningApp app = RunningApp.start(TwoPoolsApp.class,
                properties(Map.of("jdbc-metrics.exclude-beans", "secondary")))) {
            DataSource secondary = app.dataSource("secondary");
            assertThat(secondary).isInstanceOf(HikariDataSource.class);
            assertThat(secondary.isWrapperFor(MeteredDataSource.class)).isFalse();
            assertThat(app.dataSource(DS).isWrapperFor(MeteredDataSource.class)).isTrue();

            Workload primaryWork = Workload.run(app.jdbc(), tablePrefix("primary"));
            Workload secondaryWork = Workload.run(new JdbcTemplate(secondary),
                    tablePrefix("secondary"));
            Scrape scrape = app.scrape();
            primaryWork.drop();
            secondaryWork.drop();

            assertThat(scrape.value("db_queries_executed_total", "datasource", DS, "operation", "insert",
                    "table", primaryWork.table())).isEqualTo(3.0);
            assertThat(scrape.text()).doesNotContain("datasource=\"secondary\"").doesNotContain(secondaryWork.table());
            assertThat(scrape.value("jdbc_connections_max", "name", "secondary")).isEqualTo(2.0);
            assertThat(scrape.value("hikaricp_connections_max", "pool", "secondary-pool")).isEqualTo(2.0);
            assertThat(scrape.value("hikaricp_connections_max", "pool", "primary-pool")).isEqualTo(3.0);
            assertThat(scrape.value("db_connections_max", "datasource", DS)).isEqualTo(3.0);
        }
    }

    @Test
    void aRoutingDataSourceIsMeteredPerTarget() {
        try (RunningApp app = RunningApp.start(RoutingApp.class, properties(Map.of()))) {
            assertThat(app.dataSource(DS)).isInstanceOf(RoutingApp.Router.class);
            Workload primary = Workload.run(app.jdbc(), tablePrefix("routed_primary"));
            Workload replica = RoutingApp.Router.on("replica", () -> Workload.run(app.jdbc(), tablePrefix("routed_replica")));
            Scrape scrape = app.scrape();
            primary.drop();
            RoutingApp.Router.on("replica", () -> {
                replica.drop();
                return null;
            });

            assertThat(scrape.value("db_queries_executed_total", "datasource", "dataSource.primary", "operation",
                    "insert", "table", primary.table())).isEqualTo(3.0);
            assertThat(scrape.value("db_queries_executed_total", "datasource", "dataSource.replica", "operation",
                    "insert", "table", replica.table())).isEqualTo(3.0);
            assertThat(scrape.has("db_queries_executed_total", "datasource", DS)).isFalse();
            assertThat(scrape.value("db_connection_acquire_seconds_count", "datasource", "dataSource.primary"))
                    .isEqualTo(Workload.STATEMENTS);
            assertThat(scrape.value("db_connection_acquire_seconds_count", "datasource", "dataSource.replica"))
                    .isEqualTo(Workload.STATEMENTS);
            assertThat(scrape.value("db_connections_max", "datasource", "dataSource.replica")).isEqualTo(2.0);
            // Boot checks each target of a routing data source.
            assertThat(app.get("/actuator/health")).contains("\"status\":\"UP\"").contains("\"replica\":{\"status\":\"UP\"");
        }
    }

    @Test
    void disabledWrapsNothing() {
        Map<String, String> props = new HashMap<>(POOL);
        props.put("jdbc-metrics.enabled", "false");
        try (RunningApp app = RunningApp.start(BootApp.class, properties(props))) {
            assertThat(app.dataSource(DS)).isInstanceOf(HikariDataSource.class);
            Workload workload = Workload.run(app.jdbc(), tablePrefix("disabled"));
            Scrape scrape = app.scrape();
            workload.drop();

            assertThat(scrape.text().lines().filter(l -> l.startsWith("db_"))).isEmpty();
            assertThat(scrape.value("hikaricp_connections_max", "pool", "boot-pool")).isEqualTo(4.0);
        }
    }

    @Test
    void theExporterServesMetricsOnItsOwnPortOnlyWhenAsked() {
        try (RunningApp app = RunningApp.start(BootApp.class, properties(POOL))) {
            assertThat(app.beans(MetricsExporter.class)).isEmpty();
        }
        Map<String, String> props = new HashMap<>(POOL);
        props.put("jdbc-metrics.exporter.port", "0");
        props.put("jdbc-metrics.exporter.host", "127.0.0.1");
        try (RunningApp app = RunningApp.start(BootApp.class, properties(props))) {
            Workload workload = Workload.run(app.jdbc(), tablePrefix("exporter"));
            int port = app.bean(MetricsExporter.class).getPort();
            assertThat(port).isNotEqualTo(app.port());
            Scrape scrape = Scrape.parse(RunningApp.get(port, "/metrics"));
            workload.drop();

            assertThat(scrape.value("db_queries_executed_total", "datasource", DS, "operation", "insert",
                    "table", workload.table())).isEqualTo(3.0);
            assertThat(scrape.value("hikaricp_connections_max", "pool", "boot-pool")).isEqualTo(4.0);
            assertThat(scrape.has("jdbc_metrics_build_info")).isTrue();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anInvalidPropertyStopsStartupWithAReportNamingIt(CapturedOutput output) {
        assertThatThrownBy(() -> RunningApp.start(BootApp.class, properties(Map.of("jdbc-metrics.max-tables", "-1"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(output.toString()).contains("""
                Failed to bind properties under 'jdbc-metrics' to dev.jdbcmetrics.spring.boot.JdbcMetricsProperties:

                    Property: jdbc-metrics.max-tables
                    Value: "-1"
                    Origin: "jdbc-metrics.max-tables" from property source "defaultProperties"
                    Reason: java.lang.IllegalArgumentException: jdbc-metrics.max-tables must be a whole number of at least 1, was '-1'
                """);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUnknownPropertyStopsStartupWithAReportNamingIt(CapturedOutput output) {
        assertThatThrownBy(() -> RunningApp.start(BootApp.class, properties(Map.of("jdbc-metrics.max-table", "5"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(output.toString()).contains("""
                    Property: jdbc-metrics.max-table
                    Value: "5"
                """).contains("The elements [jdbc-metrics.max-table] were left unbound.");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUnknownNamingStopsStartupListingTheValidValues(CapturedOutput output) {
        assertThatThrownBy(() -> RunningApp.start(BootApp.class, properties(Map.of("jdbc-metrics.naming", "graphite"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(output.toString()).contains("""
                    Property: jdbc-metrics.naming
                    Value: "graphite"
                """).contains("""
                The following values are valid:

                    OTEL
                    PROMETHEUS
                """);
    }

    @Test
    void aRealPrometheusScrapesTheActuatorEndpoint() {
        try (RunningApp app = RunningApp.start(BootApp.class, properties(POOL))) {
            Workload workload = Workload.run(app.jdbc(), tablePrefix("promql"));
            try (PrometheusServer prometheus = PrometheusServer.builder().target("127.0.0.1:" + app.port())
                    .metricsPath("/actuator/prometheus").start()) {
                prometheus.awaitTargetsUp(Duration.ofSeconds(60));
                String selector = "{datasource=\"dataSource\",table=\"" + workload.table() + "\"";
                assertThat(prometheus.awaitValue("db_queries_executed_total" + selector + ",operation=\"insert\"}",
                        v -> v == 3.0, Duration.ofSeconds(60))).isEqualTo(3.0);
                assertThat(prometheus.scalar("sum(db_queries_executed_total" + selector + "})")).isEqualTo(10.0);
                assertThat(prometheus.scalar("db_queries_failed_total" + selector + ",sqlstate_class=\"42\"}"))
                        .isEqualTo(1.0);
                assertThat(prometheus.scalar("hikaricp_connections_max{pool=\"boot-pool\"}")).isEqualTo(4.0);
            } finally {
                workload.drop();
            }
        }
    }

    private static Map<String, String> properties(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(postgres.springDatasource());
        all.putAll(extra);
        return all;
    }

    /** Table names unique to the Boot line and the test, e.g. {@code sb3_5_7_counts_3fa2c1}. */
    private static String tablePrefix(String test) {
        return "sb" + SpringBootVersion.getVersion().replace('.', '_') + "_" + test;
    }
}
