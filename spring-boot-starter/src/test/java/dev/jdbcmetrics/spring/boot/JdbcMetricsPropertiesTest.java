package dev.jdbcmetrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.Naming;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** Binding, validation and the generated configuration metadata of {@code jdbc-metrics.*}. */
class JdbcMetricsPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JdbcMetricsAutoConfiguration.class));

    @Test
    void everySettingReachesTheMetricsConfig() {
        runner.withPropertyValues("jdbc-metrics.table-label=false", "jdbc-metrics.max-tables=7",
                        "jdbc-metrics.max-series=5000",
                        "jdbc-metrics.slow-query-threshold=250ms", "jdbc-metrics.leak-threshold=30s",
                        "jdbc-metrics.statement-top=20", "jdbc-metrics.duration-buckets=0.001,0.1,1",
                        "jdbc-metrics.native-histograms=true", "jdbc-metrics.naming=otel")
                .run(context -> {
                    MetricsConfig config = context.getBean(JdbcMetricsProperties.class).toMetricsConfig();
                    assertThat(config.tableLabel()).isFalse();
                    assertThat(config.maxTables()).isEqualTo(7);
                    assertThat(config.maxSeries()).isEqualTo(5000);
                    assertThat(config.slowQueryThreshold()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.leakThreshold()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(config.statementTop()).isEqualTo(20);
                    assertThat(config.durationBuckets()).containsExactly(0.001, 0.1, 1.0);
                    assertThat(config.nativeHistograms()).isTrue();
                    assertThat(config.naming()).isEqualTo(Naming.OTEL);
                });
    }

    @Test
    void defaultsAreTheCoreDefaults() {
        runner.run(context -> {
            MetricsConfig config = context.getBean(JdbcMetricsProperties.class).toMetricsConfig();
            MetricsConfig defaults = MetricsConfig.defaults();
            assertThat(config.toString()).isEqualTo(defaults.toString());
        });
    }

    /** The README's block of properties, spelled as there, binds to exactly the defaults. */
    @Test
    void theReadmesDefaultsAreTheDefaults() {
        runner.withPropertyValues("jdbc-metrics.enabled=true", "jdbc-metrics.exclude-beans=",
                        "jdbc-metrics.table-label=true", "jdbc-metrics.max-tables=100",
                        "jdbc-metrics.max-series=10000", "jdbc-metrics.slow-query-threshold=1s", "jdbc-metrics.leak-threshold=0",
                        "jdbc-metrics.statement-top=0",
                        "jdbc-metrics.duration-buckets=0.0005,0.001,0.0025,0.005,0.01,0.025,0.05,0.1,0.25,0.5,1,2.5,5,10",
                        "jdbc-metrics.native-histograms=false", "jdbc-metrics.naming=prometheus")
                .run(context -> {
                    JdbcMetricsProperties properties = context.getBean(JdbcMetricsProperties.class);
                    assertThat(properties.getExcludeBeans()).isEmpty();
                    assertThat(properties.toMetricsConfig().toString()).isEqualTo(MetricsConfig.defaults().toString());
                });
    }

    @Test
    void badValuesFailStartupNamingTheProperty() {
        assertStartupFails("jdbc-metrics.max-tables=-1", "jdbc-metrics.max-tables",
                "jdbc-metrics.max-tables must be a whole number of at least 1, was '-1'");
        assertStartupFails("jdbc-metrics.max-series=0", "jdbc-metrics.max-series",
                "jdbc-metrics.max-series must be a whole number of at least 1, was '0'");
        assertStartupFails("jdbc-metrics.statement-top=-3", "jdbc-metrics.statement-top",
                "jdbc-metrics.statement-top must be a whole number of at least 0, was '-3'");
        assertStartupFails("jdbc-metrics.duration-buckets=0.1,0.05", "jdbc-metrics.duration-buckets",
                "jdbc-metrics.duration-buckets must be positive, finite and strictly ascending seconds, was '0.1,0.05'");
        assertStartupFails("jdbc-metrics.slow-query-threshold=0s", "jdbc-metrics.slow-query-threshold",
                "jdbc-metrics.slow-query-threshold must be a positive duration such as 500ms or 2s, was '0ms'");
        assertStartupFails("jdbc-metrics.leak-threshold=-2s", "jdbc-metrics.leak-threshold",
                "jdbc-metrics.leak-threshold must be a non-negative duration such as 500ms or 2s, was '-2000ms'");
        assertStartupFails("jdbc-metrics.naming=graphite", "jdbc-metrics.naming",
                "No enum constant dev.jdbcmetrics.core.Naming.graphite");
        assertStartupFails("jdbc-metrics.foo=1", null, "The elements [jdbc-metrics.foo] were left unbound.");
    }

    @Test
    void aSeriesCapTooSmallForTheBucketsFailsStartupNamingTheProperty() {
        runner.withPropertyValues("jdbc-metrics.max-series=50").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("jdbc-metrics.max-series must be at least 118 (the datasource's fixed series and one"
                            + " overflow group with these buckets), was 50");
        });
    }

    @Test
    void generatedMetadataDescribesEverySettingWithItsDefault() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        for (JsonNode property : metadata.get("properties")) {
            assertThat(property.path("description").asText()).as(property.get("name").asText()).isNotBlank();
            defaults.put(property.get("name").asText(), property.path("defaultValue").toString());
        }
        JsonNode buckets = metadata.get("properties").findParents("name").stream()
                .filter(p -> p.get("name").asText().equals("jdbc-metrics.duration-buckets")).findFirst().orElseThrow()
                .get("defaultValue");
        double[] bucketDefaults = new double[buckets.size()];
        for (int i = 0; i < bucketDefaults.length; i++) {
            bucketDefaults[i] = buckets.get(i).asDouble();
        }
        assertThat(bucketDefaults).containsExactly(MetricsConfig.DEFAULT_DURATION_BUCKETS);
        defaults.remove("jdbc-metrics.duration-buckets");
        assertThat(defaults).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("jdbc-metrics.enabled", "true"),
                Map.entry("jdbc-metrics.exclude-beans", ""),
                Map.entry("jdbc-metrics.table-label", "true"),
                Map.entry("jdbc-metrics.max-tables", "100"),
                Map.entry("jdbc-metrics.max-series", "10000"),
                Map.entry("jdbc-metrics.slow-query-threshold", "\"1s\""),
                Map.entry("jdbc-metrics.leak-threshold", "\"0\""),
                Map.entry("jdbc-metrics.statement-top", "0"),
                Map.entry("jdbc-metrics.native-histograms", "false"),
                Map.entry("jdbc-metrics.naming", "\"prometheus\""),
                Map.entry("jdbc-metrics.exporter.port", ""),
                Map.entry("jdbc-metrics.exporter.host", ""),
                Map.entry("jdbc-metrics.exporter.web-config", "")));
    }

    /**
     * Boot's failure analysis reports a {@link BindException} with its property ("Property:
     * jdbc-metrics.max-tables", "Value: ...") and the innermost message as the reason: both are
     * checked here. An unknown key has no property of its own; Boot lists it as left unbound.
     */
    private void assertStartupFails(String property, String expectedProperty, String rootMessage) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(NestedExceptionUtils.getMostSpecificCause(failure).getMessage()).as(property).isEqualTo(rootMessage);
            BindException bind = null;
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof BindException b) {
                    bind = b;
                }
            }
            assertThat(bind).as(property).isNotNull();
            if (expectedProperty != null) {
                assertThat(bind.getProperty().getName().toString()).as(property).isEqualTo(expectedProperty);
            }
        });
    }
}
