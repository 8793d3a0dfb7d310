package dev.jdbcmetrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.exporter.MetricsExporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** {@code jdbc-metrics.exporter.port}: a real {@code /metrics} endpoint over HTTP, only when asked. */
class JdbcMetricsExporterConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JdbcMetricsAutoConfiguration.class))
            .withBean("orders", HikariDataSource.class, () -> JdbcMetricsAutoConfigurationTest.h2("orders", 2));

    @Test
    void servesTheApplicationsPrometheusRegistryOnItsOwnPort() {
        runner.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .withPropertyValues("jdbc-metrics.exporter.port=0", "jdbc-metrics.exporter.host=127.0.0.1")
                .run(context -> {
                    try (Connection c = context.getBean("orders", DataSource.class).getConnection();
                            Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    int port = context.getBean(MetricsExporter.class).getPort();
                    HttpResponse<String> response = HttpClient.newHttpClient().send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains(
                            "db_queries_executed_total{datasource=\"orders\",operation=\"select\",table=\"none\"} 1.0");
                });
    }

    @Test
    void noPortNoEndpoint() {
        runner.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MetricsExporter.class));
    }

    @Test
    void aPortWithoutAPrometheusRegistryFailsSayingWhatIsMissing() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("jdbc-metrics.exporter.port=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                            .isEqualTo("jdbc-metrics.exporter.port is set, but the application has no"
                                    + " PrometheusMeterRegistry bean: add io.micrometer:micrometer-registry-prometheus"
                                    + " (with spring-boot-starter-actuator), or remove jdbc-metrics.exporter.port");
                });
    }
}
