package dev.jdbcmetrics.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tool answers the workloads exactly like raw HikariCP and records what the benchmark
 * claims it records: one run of each workload, then exact counts from its metrics. The same
 * over both backends: the stub driver answers with the values the H2 table holds.
 */
class WorkbenchTest {

    /** pointSelect(5) + tenRowSelect(11..20) + update(42) + batch100(101..200). */
    private static final String WORKLOAD_RESULTS = "65 1815 1 100";

    @ParameterizedTest
    @MethodSource("everyToolOnEveryBackend")
    void everyToolReturnsTheSameResultsAsRawHikari(Tool tool, Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(tool, backend)) {
            assertThat(runEachWorkloadOnce(workbench.dataSource())).isEqualTo(WORKLOAD_RESULTS);
        }
    }

    @ParameterizedTest
    @MethodSource("listenerToolsOnEveryBackend")
    void listenerToolsRecordExecutionsDurationsRowsAndRowsAffected(Tool tool, Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(tool, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape()).contains(
                    "db_queries_executed_total{datasource=\"bench\",operation=\"select\",table=\"orders\"} 2.0",
                    "db_queries_executed_total{datasource=\"bench\",operation=\"update\",table=\"orders\"} 2.0",
                    "db_query_duration_seconds_count{datasource=\"bench\",operation=\"select\","
                            + "outcome=\"success\",table=\"orders\"} 2",
                    "db_query_duration_seconds_count{datasource=\"bench\",operation=\"update\","
                            + "outcome=\"success\",table=\"orders\"} 2",
                    "db_rows_affected_total{datasource=\"bench\",operation=\"update\",table=\"orders\"} 101.0",
                    "db_rows_returned_total{datasource=\"bench\"} 11.0");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void datasourceProxyWithoutRowCountingCountsNoRows(Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(Tool.DATASOURCE_PROXY, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape()).contains(
                    "db_queries_executed_total{datasource=\"bench\",operation=\"select\",table=\"orders\"} 2.0",
                    "db_rows_affected_total{datasource=\"bench\",operation=\"update\",table=\"orders\"} 101.0",
                    "db_rows_returned_total{datasource=\"bench\"} 0.0");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hikariMicrometerRecordsOneAcquireAndOneUsagePerBorrow(Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(Tool.HIKARI_MICROMETER, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape()).contains(
                    "hikaricp_connections_acquire_seconds_count{pool=\"bench\"} 4",
                    "hikaricp_connections_usage_seconds_count{pool=\"bench\"} 4",
                    "hikaricp_connections_max{pool=\"bench\"} 4.0");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rawRecordsNothing(Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(Tool.RAW, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void datasourceMicrometerRecordsConnectionQueryAndResultSetObservations(Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(Tool.DATASOURCE_MICROMETER, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape()).contains(
                    "jdbc_connection_seconds_count{error=\"none\",jdbc_datasource_name=\"bench\"} 4",
                    "jdbc_query_seconds_count{error=\"none\",jdbc_datasource_name=\"bench\"} 4",
                    "jdbc_result_set_seconds_count{error=\"none\",jdbc_datasource_name=\"bench\"} 2");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void otelRecordsTheOperationDurationHistogramPerQuerySummary(Backend backend) throws Exception {
        // OpenTelemetry names the system from the URL; jdbc:stub: is no database it knows.
        String system = backend == Backend.H2 ? "h2database" : "other_sql";
        try (Workbench workbench = Workbench.open(Tool.OTEL, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape().lines())
                    .filteredOn(line -> line.startsWith("db.client.operation.duration{"))
                    .extracting(line -> line.replaceAll("db\\.namespace=\"bench\\d+\",", ""))
                    .containsExactly(
                            "db.client.operation.duration{db.query.summary=\"BATCH UPDATE orders\","
                                    + "db.system.name=\"" + system + "\"} count=1",
                            "db.client.operation.duration{db.query.summary=\"SELECT orders\","
                                    + "db.system.name=\"" + system + "\"} count=2",
                            "db.client.operation.duration{db.query.summary=\"UPDATE orders\","
                                    + "db.system.name=\"" + system + "\"} count=1");
        }
    }

    @ParameterizedTest
    @MethodSource("jdbcMetricsToolsOnEveryBackend")
    void jdbcMetricsRecordsEveryMetricExactly(Tool tool, Backend backend) throws Exception {
        try (Workbench workbench = Workbench.open(tool, backend)) {
            runEachWorkloadOnce(workbench.dataSource());

            assertThat(workbench.scrape()).contains(
                    "db_queries_executed_total{datasource=\"bench\",operation=\"select\",table=\"orders\"} 2.0",
                    "db_queries_executed_total{datasource=\"bench\",operation=\"update\",table=\"orders\"} 2.0",
                    "db_query_duration_seconds_count{datasource=\"bench\",operation=\"select\","
                            + "outcome=\"success\",table=\"orders\"} 2",
                    "db_rows_affected_total{datasource=\"bench\",operation=\"update\",table=\"orders\"} 101.0",
                    "db_rows_returned_total{datasource=\"bench\",operation=\"select\",table=\"orders\"} 11.0",
                    "db_query_rows_count{datasource=\"bench\",operation=\"select\",table=\"orders\"} 2");
            if (tool != Tool.JDBC_METRICS_URL) {
                // In code, connections are the pool's leases; in URL mode, the driver's physical ones.
                assertThat(workbench.scrape()).contains(
                        "db_connection_acquire_seconds_count{datasource=\"bench\"} 4",
                        "db_connection_usage_seconds_count{datasource=\"bench\"} 4",
                        "db_connections_max{datasource=\"bench\"} 4.0");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Tool.class)
    void everyToolReadsOnePointSelectOverTheStub(Tool tool) throws Exception {
        try (Workbench workbench = Workbench.open(tool, Backend.STUB)) {
            // id 1234 + amount 12340 + "customer-70".length()
            assertThat(Workloads.pointSelect(workbench.dataSource(), 1234)).isEqualTo(13_585);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Tool.class, names = {"JDBC_METRICS", "JDBC_METRICS_TRACKER", "JDBC_METRICS_URL",
            "JDBC_METRICS_URL_POOL"})
    void jdbcMetricsCountsOnePointSelectOverTheStub(Tool tool) throws Exception {
        try (Workbench workbench = Workbench.open(tool, Backend.STUB)) {
            Workloads.pointSelect(workbench.dataSource(), 1234);

            assertThat(workbench.scrape()).contains(
                    "db_queries_executed_total{datasource=\"bench\",operation=\"select\",table=\"orders\"} 1.0",
                    "db_rows_returned_total{datasource=\"bench\",operation=\"select\",table=\"orders\"} 1.0");
        }
    }

    @Test
    void unknownToolNamesTheValidOnes() {
        assertThatThrownBy(() -> Tool.of("hikari"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown tool 'hikari'; expected one of: raw, hikari-micrometer, jdbc-metrics,"
                        + " jdbc-metrics-tracker, jdbc-metrics-simple, jdbc-metrics-url, jdbc-metrics-url-pool, p6spy, datasource-proxy, datasource-proxy-rows,"
                        + " datasource-micrometer, otel");
    }

    static Stream<Arguments> everyToolOnEveryBackend() {
        return onEveryBackend(Tool.values());
    }

    static Stream<Arguments> listenerToolsOnEveryBackend() {
        return onEveryBackend(Tool.P6SPY, Tool.DATASOURCE_PROXY_ROWS);
    }

    static Stream<Arguments> jdbcMetricsToolsOnEveryBackend() {
        return onEveryBackend(Tool.JDBC_METRICS, Tool.JDBC_METRICS_TRACKER, Tool.JDBC_METRICS_URL,
                Tool.JDBC_METRICS_URL_POOL);
    }

    private static Stream<Arguments> onEveryBackend(Tool... tools) {
        return Arrays.stream(Backend.values())
                .flatMap(backend -> Arrays.stream(tools).map(tool -> Arguments.of(tool, backend)));
    }

    private static String runEachWorkloadOnce(DataSource ds) throws SQLException {
        return Workloads.pointSelect(ds, 5) + " " + Workloads.tenRowSelect(ds, 11) + " "
                + Workloads.update(ds, 42) + " " + Workloads.batch100(ds, 101);
    }
}
