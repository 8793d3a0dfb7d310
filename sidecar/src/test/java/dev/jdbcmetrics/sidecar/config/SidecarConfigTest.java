package dev.jdbcmetrics.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarConfigTest {

    private static final String GOOD = """
            targets:
              - name: orders
                url: jdbc:postgresql://db:5432/orders
                user: exporter
                password_env: ORDERS_DB_PASSWORD
                pool: { max_size: 3, min_idle: 1, connection_timeout: 500ms }
                collectors: [order_stats]
              - name: billing
                url: jdbc:h2:mem:billing
            collectors:
              - name: order_stats
                min_interval: 30s
                timeout: 5s
                metrics:
                  - name: orders_by_status
                    type: gauge
                    help: Orders per status
                    query: SELECT status, count(*) AS n FROM orders GROUP BY status
                    labels: [status]
                    value: n
                  - name: orders_created_total
                    type: counter
                    query: SELECT count(*) AS n FROM orders
                    value: n
            """;

    @TempDir
    Path folder;
    private ConfigText text;

    @BeforeEach
    void setUp() {
        text = new ConfigText(Map.of("ORDERS_DB_PASSWORD", "s3cret"), folder);
    }

    @Test
    void parsesTheDesignExample() throws ConfigException {
        SidecarConfig config = text.parse(GOOD);

        assertThat(config.targets()).hasSize(2);
        TargetConfig orders = config.targets().get(0);
        assertThat(orders.name()).isEqualTo("orders");
        assertThat(orders.url()).isEqualTo("jdbc:postgresql://db:5432/orders");
        assertThat(orders.user()).contains("exporter");
        assertThat(orders.password().orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(orders.pool()).isEqualTo(new PoolConfig(3, 1, Duration.ofMillis(500)));
        assertThat(orders.collectors()).containsExactly("order_stats");
        TargetConfig billing = config.targets().get(1);
        assertThat(billing.user()).isEmpty();
        assertThat(billing.password()).isEmpty();
        assertThat(billing.pool()).isEqualTo(PoolConfig.DEFAULT);
        assertThat(billing.collectors()).isEmpty();

        CollectorConfig stats = config.collector("order_stats");
        assertThat(stats.minInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(stats.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(stats.metrics()).containsExactly(
                new MetricConfig("orders_by_status", MetricType.GAUGE, "Orders per status",
                        "SELECT status, count(*) AS n FROM orders GROUP BY status",
                        List.of("status"), "n", 15),
                new MetricConfig("orders_created", MetricType.COUNTER, "orders_created",
                        "SELECT count(*) AS n FROM orders", List.of(), "n", 21));
    }

    @Test
    void printingAConfigNeverShowsThePassword() throws ConfigException {
        assertThat(text.parse(GOOD).toString()).doesNotContain("s3cret").contains("******");
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        text.assertError(GOOD.replace("collectors:\n  - name: order_stats", "colectors:\n  - name: x"),
                "unknown key 'colectors' at line 10 in the configuration"
                        + " (did you mean 'collectors'?)");
    }

    @Test
    void unknownKeyFarFromAnyKnownOneHasNoSuggestion() {
        text.assertError(GOOD.replace("    user: exporter", "    flavour: vanilla"),
                "unknown key 'flavour' at line 4 in target");
    }

    @Test
    void inlinePasswordIsRejectedWithoutShowingIt() {
        text.assertError(GOOD.replace("password_env: ORDERS_DB_PASSWORD", "password: hunter2"),
                "inline 'password' at line 5 is not allowed: use password_env (an environment"
                        + " variable) or password_file (a file holding the password)");
    }

    @Test
    void missingRequiredKeyNamesTheKeyAndTheMapping() {
        text.assertError(GOOD.replace("    url: jdbc:h2:mem:billing\n", ""),
                "missing required key 'url' in target at line 8");
    }

    @Test
    void wrongTypeNamesTheKeyLineAndValue() {
        text.assertError(GOOD.replace("max_size: 3", "max_size: three"),
                "'max_size' at line 6 must be a whole number, got 'three'");
    }

    @Test
    void listExpectedButScalarGiven() {
        text.assertError(GOOD.replace("collectors: [order_stats]", "collectors: order_stats"),
                "'collectors' at line 7 must be a list like [a, b], got 'order_stats'");
    }

    @Test
    void targetMustBeAMapping() {
        text.assertError("targets:\n  - just-a-name\n", "target at line 2 must be a mapping of keys"
                + " to values, got 'just-a-name'");
    }

    @Test
    void duplicateTargetName() {
        text.assertError(GOOD.replace("name: billing", "name: orders"),
                "duplicate target name 'orders' at line 8 (first at line 2)");
    }

    @Test
    void duplicateCollectorName() {
        String yaml = GOOD + """
                  - name: order_stats
                    metrics:
                      - { name: other, type: gauge, query: SELECT 1 AS v, value: v }
                """;
        text.assertError(yaml, "duplicate collector name 'order_stats' at line 25 (first at line 11)");
    }

    @Test
    void duplicateMetricNameAcrossCollectors() {
        String yaml = GOOD + """
                  - name: more_stats
                    metrics:
                      - { name: orders_by_status, type: gauge, query: SELECT 1 AS v, value: v }
                """;
        text.assertError(yaml, "duplicate metric name 'orders_by_status' at line 27 (already defined"
                + " in collector 'order_stats')");
    }

    @Test
    void duplicateYamlKey() {
        text.assertError(GOOD.replace("    user: exporter", "    user: exporter\n    user: other"),
                "duplicate key 'user' at line 5 (first at line 4)");
    }

    @Test
    void targetNamingAnUndefinedCollector() {
        text.assertError(GOOD.replace("collectors: [order_stats]", "collectors: [order_stat]"),
                "target 'orders' at line 7 names undefined collector 'order_stat'"
                        + " (did you mean 'order_stats'?)");
    }

    @Test
    void unsetPasswordEnvironmentVariable() {
        text.assertError(GOOD.replace("ORDERS_DB_PASSWORD", "NOT_SET_ANYWHERE"),
                "environment variable 'NOT_SET_ANYWHERE' named by 'password_env' at line 5"
                        + " is not set");
    }

    @Test
    void passwordFileLosesOneTrailingNewline() throws Exception {
        Files.writeString(folder.resolve("secret"), "pa ss\n\n");
        SidecarConfig config = text.parse(GOOD.replace("password_env: ORDERS_DB_PASSWORD",
                "password_file: secret"));

        assertThat(config.targets().get(0).password().map(Secret::reveal))
                .isEqualTo(Optional.of("pa ss\n"));
    }

    @Test
    void unreadablePasswordFile() {
        text.assertError(GOOD.replace("password_env: ORDERS_DB_PASSWORD", "password_file: missing"),
                "cannot read 'password_file' 'missing' at line 5: no such file");
    }

    @Test
    void passwordEnvAndFileTogether() {
        text.assertError(GOOD.replace("password_env: ORDERS_DB_PASSWORD",
                        "password_env: ORDERS_DB_PASSWORD\n    password_file: secret"),
                "'password_env' (line 5) and 'password_file' (line 6) exclude each other: use one");
    }

    @Test
    void durationsInEveryUnit() throws ConfigException {
        SidecarConfig config = text.parse(GOOD.replace("min_interval: 30s", "min_interval: 1m30s")
                .replace("timeout: 5s", "timeout: 2m").replace("500ms", "1h"));

        assertThat(config.collector("order_stats").minInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.collector("order_stats").timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.targets().get(0).pool().connectionTimeout())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void slowQueryThresholdIsOptional() throws ConfigException {
        assertThat(text.parse(GOOD).slowQueryThreshold()).isEmpty();
        assertThat(text.parse("slow_query_threshold: 250ms\n" + GOOD).slowQueryThreshold())
                .contains(Duration.ofMillis(250));
    }

    @Test
    void invalidDuration() {
        text.assertError(GOOD.replace("min_interval: 30s", "min_interval: 30 seconds"),
                "invalid duration '30 seconds' for 'min_interval' at line 12"
                        + " (use e.g. 500ms, 5s, 2m, 1h)");
    }

    @Test
    void zeroTimeout() {
        text.assertError(GOOD.replace("timeout: 5s", "timeout: 0s"),
                "'timeout' at line 13 must be longer than zero, got '0s'");
    }

    @Test
    void typeOtherThanGaugeCounterOrHistogram() {
        text.assertError(GOOD.replace("type: gauge", "type: summary"),
                "invalid value 'summary' for 'type' at line 16 (expected gauge, counter or"
                        + " histogram)");
    }

    @Test
    void invalidMetricName() {
        text.assertError(GOOD.replace("name: orders_by_status", "name: orders-by-status"),
                "invalid metric name 'orders-by-status' at line 15 (use letters, digits, '_'"
                        + " and ':', not starting with a digit)");
    }

    @Test
    void reservedMetricName() {
        text.assertError(GOOD.replace("name: orders_by_status", "name: db_up"),
                "metric name 'db_up' at line 15 is reserved by the sidecar");
    }

    @Test
    void targetLabelIsReserved() {
        text.assertError(GOOD.replace("labels: [status]", "labels: [target]"),
                "label 'target' at line 19 is reserved: the sidecar adds it to every sample");
    }

    @Test
    void valueColumnCannotAlsoBeALabel() {
        text.assertError(GOOD.replace("labels: [status]", "labels: [status, n]"),
                "column 'n' at line 20 cannot be both a label and the value");
    }

    @Test
    void urlMustBeJdbc() {
        text.assertError(GOOD.replace("jdbc:h2:mem:billing", "postgres://db/billing"),
                "'url' at line 9 of target 'billing' must be a JDBC URL starting with 'jdbc:'");
    }

    @Test
    void poolBounds() {
        text.assertError(GOOD.replace("min_idle: 1", "min_idle: 4"),
                "'min_idle' at line 6 must not exceed max_size 3, got 4");
        text.assertError(GOOD.replace("max_size: 3", "max_size: 0"),
                "'max_size' at line 6 must be at least 1, got 0");
    }

    @Test
    void collectorWithoutMetrics() {
        text.assertError(GOOD.substring(0, GOOD.indexOf("    metrics:")) + "    metrics: []\n",
                "collector 'order_stats' at line 11 has no metrics");
    }

    @Test
    void noTargets() {
        text.assertError("targets: []\n", "'targets' at line 1 must list at least one target");
    }

    @Test
    void emptyFile() {
        text.assertError("", "the configuration is empty: expected 'targets' and 'collectors'");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        text.assertError("targets:\n  - name: a\n    url: [unclosed\n",
                "YAML syntax error at line 4: expected ',' or ']', but got <stream end>");
    }

    @Test
    void loadedFileErrorsStartWithTheFileName() throws Exception {
        Path file = folder.resolve("exporter.yml");
        Files.writeString(file, "targets:\n  - nmae: x\n");
        assertThatThrownBy(() -> SidecarConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": unknown key 'nmae' at line 2 in target"
                        + " (did you mean 'name'?)");
    }

    @Test
    void missingFile() {
        Path file = folder.resolve("nope.yml");
        assertThatThrownBy(() -> SidecarConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no such file");
    }
}
