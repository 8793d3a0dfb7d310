package dev.jdbcmetrics.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metric keys beyond name/query/labels/value, sql_exporter's spellings, settings and collector files. */
class SidecarConfigKeysTest {

    /** DESIGN.md's example, with the collector file it names. */
    private static final String DESIGN = """
            targets:
              - name: orders
                url: jdbc:postgresql://db:5432/orders
                user: exporter
                password_env: ORDERS_DB_PASSWORD
                pool: { max_size: 2 }
                settings: { statement_top: 20, native_histograms: true }
                collectors: [order_stats, from_file]
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
                  - name: order_amounts
                    type: gauge
                    help: Order amounts per status
                    query_ref: amounts
                    labels: [status]
                    values: [total, average]
                    value_label: kind
                    static_labels: { currency: EUR }
                  - name: transaction_age_seconds
                    type: histogram
                    help: Age of the open transactions
                    query: SELECT extract(epoch FROM now() - xact_start) AS age FROM pg_stat_activity
                    value: age
                    buckets: [0.1, 1, 10, 60, 600]
                queries:
                  - name: amounts
                    query: SELECT status, sum(amount) AS total, avg(amount) AS average FROM orders GROUP BY status
            collector_files: [ "collectors/*.collector.yml" ]
            """;

    private static final String FILE = """
            collector_name: from_file
            queries:
              - query_name: shared
                query: SELECT 1 AS a, 2 AS b, 1700000000 AS ts
            metrics:
              - metric_name: file_info
                type: gauge
                key_labels: [a]
                static_value: 1
                query_ref: shared
              - metric_name: file_b
                type: counter
                values: [b]
                timestamp_value: ts
                query_ref: shared
            """;

    @TempDir
    Path folder;

    private ConfigText text;

    @BeforeEach
    void writeTheCollectorFile() throws Exception {
        Files.createDirectories(folder.resolve("collectors"));
        Files.writeString(folder.resolve("collectors/a.collector.yml"), FILE);
        text = new ConfigText(Map.of("ORDERS_DB_PASSWORD", "pw"), folder);
    }

    @Test
    void parsesTheDesignExampleAndItsCollectorFile() throws Exception {
        SidecarConfig config = text.parse(DESIGN);

        assertThat(config.collectors()).extracting(CollectorConfig::name).containsExactly("order_stats", "from_file");
        CollectorConfig stats = config.collector("order_stats");
        MetricConfig amounts = stats.metrics().get(1);
        assertThat(amounts.query()).isEqualTo(new QueryConfig("amounts",
                "SELECT status, sum(amount) AS total, avg(amount) AS average FROM orders GROUP BY status", 35));
        assertThat(amounts.values()).containsExactly("total", "average");
        assertThat(amounts.valueLabel()).contains("kind");
        assertThat(amounts.staticLabels()).containsExactly(Map.entry("currency", "EUR"));
        MetricConfig histogram = stats.metrics().get(2);
        assertThat(histogram.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(histogram.buckets()).containsExactly(0.1, 1.0, 10.0, 60.0, 600.0);
        assertThat(stats.queries()).extracting(QueryConfig::name)
                .containsExactly("orders_by_status", "amounts", "transaction_age_seconds");

        CollectorConfig file = config.collector("from_file");
        assertThat(file.queries()).extracting(QueryConfig::name).containsExactly("shared");
        assertThat(file.metrics().get(0).labels()).containsExactly("a");
        assertThat(file.metrics().get(0).staticValue()).contains(1.0);
        assertThat(file.metrics().get(0).values()).isEmpty();
        assertThat(file.metrics().get(1).name()).isEqualTo("file_b");
        assertThat(file.metrics().get(1).timestampValue()).contains("ts");

        TargetConfig orders = config.targets().get(0);
        assertThat(orders.settings()).containsExactly(Map.entry("statement_top", "20"),
                Map.entry("native_histograms", "true"));
        assertThat(orders.metricsConfig().statementTop()).isEqualTo(20);
    }

    @Test
    void topLevelSlowQueryThresholdIsEveryTargetsDefaultSetting() throws Exception {
        SidecarConfig config = text.parse("slow_query_threshold: 250ms\n" + DESIGN.replace(
                "settings: { statement_top: 20, native_histograms: true }", "settings: { slow_query_threshold: 2s }"));

        assertThat(config.slowQueryThreshold()).contains(java.time.Duration.ofMillis(250));
        assertThat(config.targets().get(0).settings()).containsExactly(Map.entry("slow_query_threshold", "2s"));
    }

    @Test
    void unknownSettingNamesTheKeyTheLineAndTheNearestSetting() {
        text.assertError(DESIGN.replace("statement_top: 20", "statment_top: 20"),
                "unknown key 'statment_top' at line 7 in settings (did you mean 'statement_top'?)");
    }

    @Test
    void badSettingValueNamesTheSettingAndTheLine() {
        text.assertError(DESIGN.replace("statement_top: 20", "statement_top: many"),
                "setting statement_top must be a whole number of at least 0, was 'many' at line 7");
    }

    @Test
    void aSeriesCapTooSmallForTheBucketsNamesTheSettingAndTheLine() {
        text.assertError(DESIGN.replace("statement_top: 20", "statement_top: 20, max_series: 50"),
                "setting max_series must be at least 118 (the datasource's fixed series and one overflow group with"
                        + " these buckets), was 50 at line 7");
    }

    @Test
    void severalValuesNeedAValueLabel() {
        text.assertError(DESIGN.replace("        value_label: kind\n", ""),
                "metric 'order_amounts' at line 20 has 2 'values' and needs 'value_label', the label that"
                        + " tells the columns apart");
    }

    @Test
    void staticValueExcludesValueColumns() {
        text.assertError(DESIGN.replace("    value: n\n", "    value: n\n        static_value: 1\n"),
                "'static_value' at line 20 and 'value' (line 19) exclude each other: a metric takes its value"
                        + " from one or the other");
    }

    @Test
    void queryRefMustNameAQueryOfTheCollector() {
        text.assertError(DESIGN.replace("query_ref: amounts", "query_ref: amount"),
                "'query_ref' at line 23 names undefined query 'amount' (did you mean 'amounts'?)");
    }

    @Test
    void aNamedQueryNoMetricUsesIsAnError() {
        text.assertError(DESIGN.replace("query_ref: amounts", "query: SELECT 1 AS total, 2 AS average"),
                "query 'amounts' at line 35 of collector 'order_stats' is not used by any metric's 'query_ref'");
    }

    @Test
    void histogramsNeedAscendingBuckets() {
        text.assertError(DESIGN.replace("buckets: [0.1, 1, 10, 60, 600]", "buckets: [1, 0.1]"),
                "'buckets' at line 33 must be strictly ascending, got [1.0, 0.1]");
        text.assertError(DESIGN.replace("        buckets: [0.1, 1, 10, 60, 600]\n", ""),
                "histogram at line 28 needs 'buckets', the upper bounds, e.g. [0.1, 1, 10]");
    }

    @Test
    void bothSpellingsOfOneKeyAreRefused() {
        text.assertError(DESIGN.replace("    labels: [status]\n        value: n",
                        "    labels: [status]\n        key_labels: [status]\n        value: n"),
                "'labels' (line 18) and 'key_labels' (line 19) mean the same in metric: use one");
    }

    @Test
    void staticLabelsMustNotRepeatALabelColumn() {
        text.assertError(DESIGN.replace("static_labels: { currency: EUR }", "static_labels: { status: x }"),
                "label 'status' at line 27 is given twice (in 'labels', 'static_labels' or 'value_label')");
    }

    @Test
    void collectorFilesPatternThatMatchesNothingIsAnError() {
        text.assertError(DESIGN.replace("collectors/*.collector.yml", "colectors/*.yml"),
                "'collector_files' pattern 'colectors/*.yml' at line 37 matches no file (relative to " + folder + ")");
    }

    @Test
    void aProblemInACollectorFileNamesThatFile() throws Exception {
        Files.createDirectories(folder.resolve("more"));
        Files.writeString(folder.resolve("more/b.collector.yml"), FILE.replace("from_file", "other")
                .replace("metric_name: file_info", "metric_name: file_info2\n    colour: red")
                .replace("metric_name: file_b", "metric_name: file_b2"));
        text.assertError(DESIGN.replace("[ \"collectors/*.collector.yml\" ]", "[ \"collectors/*.collector.yml\", \"more/*.yml\" ]"),
                folder.resolve("more/b.collector.yml") + ": unknown key 'colour' at line 7 in metric");
    }

    @Test
    void inlineQueryGivesAMetricItsOwnQuery() throws Exception {
        MetricConfig first = text.parse(DESIGN).collector("order_stats").metrics().get(0);
        assertThat(first.query().name()).isEqualTo("orders_by_status");
        assertThat(first.staticValue()).isEqualTo(Optional.empty());
        assertThat(first.values()).isEqualTo(List.of("n"));
    }
}
