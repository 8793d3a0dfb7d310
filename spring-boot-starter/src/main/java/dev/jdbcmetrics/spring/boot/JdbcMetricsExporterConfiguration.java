package dev.jdbcmetrics.spring.boot;

import dev.jdbcmetrics.exporter.MetricsExporter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code jdbc-metrics.exporter.port}: a {@code /metrics} endpoint of jdbc-metrics' own
 * ({@link MetricsExporter}) serving the application's {@code PrometheusMeterRegistry}, started with
 * the context and closed with it. A port set without what it needs fails startup saying what is
 * missing, rather than serving nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "jdbc-metrics.exporter", name = "port")
class JdbcMetricsExporterConfiguration {

    private static final String EXPORTER_CLASS = "dev.jdbcmetrics.exporter.MetricsExporter";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = EXPORTER_CLASS)
    static class Endpoint {

        @Bean(destroyMethod = "close")
        MetricsExporter jdbcMetricsExporter(ObjectProvider<PrometheusMeterRegistry> registry,
                JdbcMetricsProperties properties) {
            PrometheusMeterRegistry prometheus = registry.getIfAvailable();
            if (prometheus == null) {
                throw new IllegalStateException("jdbc-metrics.exporter.port is set, but the application has no"
                        + " PrometheusMeterRegistry bean: add io.micrometer:micrometer-registry-prometheus"
                        + " (with spring-boot-starter-actuator), or remove jdbc-metrics.exporter.port");
            }
            JdbcMetricsProperties.Exporter settings = properties.getExporter();
            MetricsExporter.Builder builder = MetricsExporter.builder().registry(prometheus).port(settings.getPort());
            if (settings.getHost() != null) {
                builder.host(settings.getHost());
            }
            if (settings.getWebConfig() != null) {
                builder.webConfig(Path.of(settings.getWebConfig()));
            }
            return builder.buildAndStart();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(EXPORTER_CLASS)
    static class MissingExporter {

        @Bean
        Object jdbcMetricsExporterMissing() {
            throw new IllegalStateException("jdbc-metrics.exporter.port is set, but jdbc-metrics-exporter is not on the"
                    + " class path: add the dependency dev.jdbcmetrics:jdbc-metrics-exporter, or remove"
                    + " jdbc-metrics.exporter.port");
        }
    }
}
