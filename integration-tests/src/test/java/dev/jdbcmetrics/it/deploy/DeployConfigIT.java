package dev.jdbcmetrics.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdbcmetrics.it.support.ExternalCommand;
import dev.jdbcmetrics.it.support.PrometheusServer;
import dev.jdbcmetrics.it.support.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Checks the files under {@code deploy/} with the real promtool and Prometheus. */
class DeployConfigIT {

    private static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Path ROOT = RepoPaths.root();
    private static final Path PROMETHEUS_DIR = ROOT.resolve("deploy/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The metrics of DESIGN.md that a dashboard panel must show (histograms by their buckets). */
    private static final List<String> DESIGN_METRICS = List.of(
            "db_queries_executed_total", "db_queries_failed_total", "db_query_duration_seconds_bucket",
            "db_rows_returned_total", "db_query_rows_bucket", "db_rows_affected_total", "db_slow_queries_total",
            "db_connections_active", "db_connections_idle", "db_connections_pending", "db_connections_max",
            "db_connections_min", "db_pool_saturation_ratio", "db_connection_acquire_seconds_bucket",
            "db_connection_usage_seconds_bucket", "db_connection_acquire_failures_total",
            "db_connection_leaks_total", "db_transactions_total", "db_transaction_duration_seconds_bucket",
            "db_up", "jdbc_metrics_build_info");

    @Test
    void prometheusConfigPassesPromtoolCheckConfig() {
        ExternalCommand.Result result = promtool("check", "config", "deploy/prometheus/prometheus.yml");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe())
                .contains("SUCCESS: 2 rule files found")
                .contains("SUCCESS: deploy/prometheus/prometheus.yml is valid prometheus config file syntax");
    }

    @Test
    void receiverConfigPassesPromtoolCheckConfig() {
        ExternalCommand.Result result = promtool("check", "config", "deploy/prometheus/receiver.yml");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe())
                .contains("SUCCESS: 3 rule files found")
                .contains("Checking deploy/prometheus/fleet-rules.yml\n  SUCCESS: 7 rules found");
    }

    @Test
    void agentConfigsPassPromtoolCheckConfigInAgentMode() {
        for (String file : List.of("agent.yml", "remote-write/mimir.yml", "remote-write/thanos-receive.yml",
                "remote-write/victoriametrics.yml")) {
            ExternalCommand.Result result = promtool("check", "config", "--agent", "deploy/prometheus/" + file);

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.output()).as(result.describe())
                    .contains("SUCCESS: deploy/prometheus/" + file + " is valid prometheus config file syntax");
        }
    }

    @Test
    void ruleFilesPassPromtoolCheckRules() {
        ExternalCommand.Result result = promtool("check", "rules",
                "deploy/prometheus/alerts.yml", "deploy/prometheus/recording-rules.yml",
                "deploy/prometheus/fleet-rules.yml");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe())
                .contains("Checking deploy/prometheus/alerts.yml\n  SUCCESS: 10 rules found")
                .contains("Checking deploy/prometheus/recording-rules.yml\n  SUCCESS: 7 rules found")
                .contains("Checking deploy/prometheus/fleet-rules.yml\n  SUCCESS: 7 rules found");
    }

    @Test
    void fleetRuleUnitTestsPass() {
        ExternalCommand.Result result = promtool("test", "rules", "deploy/prometheus/tests/fleet_test.yml");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void alertUnitTestsPass() {
        ExternalCommand.Result result = promtool("test", "rules", "deploy/prometheus/tests/alerts_test.yml");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws IOException {
        List<Map<String, Object>> alerts = alertRules();
        Set<String> firing = new LinkedHashSet<>();
        Set<String> silent = new LinkedHashSet<>();
        for (Map<String, Object> test : list(yaml(PROMETHEUS_DIR.resolve("tests/alerts_test.yml")).get("tests"))) {
            for (Map<String, Object> check : list(test.getOrDefault("alert_rule_test", List.of()))) {
                String name = (String) check.get("alertname");
                (list(check.get("exp_alerts")).isEmpty() ? silent : firing).add(name);
            }
        }

        List<String> names = alerts.stream().map(a -> (String) a.get("alert")).toList();
        assertThat(names).containsExactly("JdbcPoolSaturated", "JdbcConnectionsPending",
                "JdbcConnectionAcquireFailures", "JdbcConnectionLeak", "JdbcHighQueryErrorRatio", "JdbcSlowQueries",
                "JdbcHighQueryLatencyP99", "JdbcSeriesCapReached", "JdbcMetricsTargetDown", "JdbcDatabaseDown");
        assertThat(firing).as("alerts with a test where they fire").containsExactlyInAnyOrderElementsOf(names);
        assertThat(silent).as("alerts with a test where they stay silent").containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void everyAlertHasSeverityAndItsAnnotations() throws IOException {
        for (Map<String, Object> alert : alertRules()) {
            Map<String, Object> labels = map(alert.get("labels"));
            Map<String, Object> annotations = map(alert.get("annotations"));
            assertThat(labels.get("severity")).as("severity of %s", alert.get("alert")).isIn("warning", "critical");
            assertThat(annotations).as("annotations of %s", alert.get("alert"))
                    .containsOnlyKeys("summary", "description", "runbook");
        }
    }

    @Test
    void rulesLoadIntoARealPrometheus() {
        try (PrometheusServer prometheus = PrometheusServer.builder()
                .ruleFile(PROMETHEUS_DIR.resolve("recording-rules.yml"))
                .ruleFile(PROMETHEUS_DIR.resolve("alerts.yml"))
                .ruleFile(PROMETHEUS_DIR.resolve("fleet-rules.yml"))
                .start()) {
            JsonNode groups = prometheus.get("/api/v1/rules").get("groups");

            Map<String, Integer> rulesPerGroup = new LinkedHashMap<>();
            groups.forEach(g -> rulesPerGroup.put(g.get("name").asText(), g.get("rules").size()));
            assertThat(rulesPerGroup).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "jdbc-metrics-recording", 7,
                    "jdbc-metrics-fleet", 7,
                    "jdbc-metrics-pool", 4,
                    "jdbc-metrics-queries", 4,
                    "jdbc-metrics-availability", 2));
        }
    }

    @Test
    void everyDashboardExpressionIsValidPromql() throws IOException {
        JsonNode dashboard = JSON.readTree(ROOT.resolve("deploy/grafana/jdbc-metrics-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);

        assertThat(expressions).isNotEmpty();
        try (PrometheusServer prometheus = PrometheusServer.builder().start()) {
            for (String expr : expressions) {
                String promql = substituteGrafanaVariables(expr);
                try {
                    JsonNode data = prometheus.query(promql);
                    assertThat(data.get("resultType").asText()).as(promql).isIn("vector", "scalar", "matrix");
                } catch (IllegalStateException e) {
                    fail("dashboard expression is not valid PromQL:\n  " + expr + "\nchecked as:\n  " + promql
                            + "\n" + e.getMessage());
                }
            }
        }
    }

    @Test
    void dashboardShowsEveryDesignMetric() throws IOException {
        JsonNode dashboard = JSON.readTree(ROOT.resolve("deploy/grafana/jdbc-metrics-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        String all = String.join("\n", expressions);

        assertThat(DESIGN_METRICS).allSatisfy(metric -> assertThat(all).as("a panel using " + metric)
                .containsPattern("\\b" + metric + "\\{"));
        assertThat(dashboard.at("/templating/list").findValuesAsText("name"))
                .containsExactly("prometheus", "job", "instance", "datasource");
    }

    @Test
    void grafanaVariablesAreSubstitutedBeforeChecking() {
        assertThat(substituteGrafanaVariables(
                "sum(rate(x{job=~\"$job\", datasource=~\"${datasource}\"}[$__rate_interval])) / $__interval"))
                .isEqualTo("sum(rate(x{job=~\".*\", datasource=~\".*\"}[1m])) / 1m");
    }

    @Test
    void kubernetesSidecarWiresSecretConfigAndProbes() throws IOException {
        Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
        for (String file : List.of("exporter-config.yaml", "deployment.yaml", "service.yaml")) {
            for (Object doc : new Yaml().loadAll(Files.readString(ROOT.resolve("deploy/kubernetes/" + file)))) {
                Map<String, Object> manifest = map(doc);
                byKind.put((String) manifest.get("kind"), manifest);
            }
        }
        assertThat(byKind).containsOnlyKeys("ConfigMap", "Secret", "Deployment", "Service");

        Map<String, Object> exporterYml = yamlText(
                (String) map(byKind.get("ConfigMap").get("data")).get("exporter.yml"));
        String passwordEnv = (String) list(exporterYml.get("targets")).get(0).get("password_env");
        Map<String, Object> podSpec = map(map(map(byKind.get("Deployment").get("spec")).get("template")).get("spec"));
        Map<String, Object> exporter = list(podSpec.get("containers")).stream()
                .filter(c -> "jdbc-metrics-sidecar".equals(c.get("name"))).findFirst().orElseThrow();
        Map<String, Object> secretRef = list(exporter.get("env")).stream()
                .filter(e -> passwordEnv.equals(e.get("name"))).findFirst()
                .map(e -> map(map(e.get("valueFrom")).get("secretKeyRef"))).orElseThrow();
        Map<String, Object> secret = byKind.get("Secret");

        assertThat(passwordEnv).isEqualTo("ORDERS_DB_PASSWORD");
        assertThat(secretRef).containsEntry("name", map(secret.get("metadata")).get("name"))
                .containsEntry("key", "password");
        assertThat(map(secret.get("stringData"))).containsOnlyKeys("password");
        assertThat(map(map(exporter.get("readinessProbe")).get("httpGet")))
                .containsEntry("path", "/health").containsEntry("port", "metrics");
        assertThat(list(exporter.get("ports")).get(0)).containsEntry("containerPort", 9853);
        assertThat(list(exporter.get("env")).stream().map(e -> e.get("name")))
                .contains("JAVA_TOOL_OPTIONS");
        Map<String, Object> podAnnotations = map(map(map(map(byKind.get("Deployment").get("spec"))
                .get("template")).get("metadata")).get("annotations"));
        assertThat(podAnnotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "9853").containsEntry("prometheus.io/path", "/metrics");
    }

    @Test
    void systemdUnitIsHardenedAndKeepsThePasswordOutOfTheUnit() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("deploy/systemd/jdbc-metrics-sidecar.service"));

        assertThat(lines).contains("DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=",
                "LoadCredential=db-password:/etc/jdbc-metrics/db-password");
        assertThat(lines).filteredOn(l -> !l.startsWith("#"))
                .noneMatch(l -> l.toLowerCase().contains("password=") || l.contains("PASSWORD"));
        assertThat(lines).anyMatch(l -> l.startsWith("Environment=\"JAVA_TOOL_OPTIONS=") && l.contains("-Xmx64m"));
    }

    /** Grafana's interval variables become a fixed range, every other variable a match-all regex. */
    static String substituteGrafanaVariables(String expr) {
        return expr.replaceAll("\\$__(rate_interval|interval|range)\\b", "1m")
                .replaceAll("\\$\\{\\w+(?::\\w+)?}|\\$\\w+", ".*");
    }

    private static void collectExpressions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    out.add(field.getValue().asText());
                } else {
                    collectExpressions(field.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, out));
        }
    }

    private static ExternalCommand.Result promtool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ExternalCommand.required("promtool").toString());
        command.addAll(List.of(args));
        return ExternalCommand.run(PROMTOOL_TIMEOUT, ROOT, command);
    }

    private static List<Map<String, Object>> alertRules() throws IOException {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : list(yaml(PROMETHEUS_DIR.resolve("alerts.yml")).get("groups"))) {
            alerts.addAll(list(group.get("rules")));
        }
        return alerts;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return yamlText(Files.readString(file));
    }

    private static Map<String, Object> yamlText(String text) {
        return map(new Yaml().load(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
