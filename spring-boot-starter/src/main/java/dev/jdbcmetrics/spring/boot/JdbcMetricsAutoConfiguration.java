package dev.jdbcmetrics.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Meters every {@code DataSource} bean into the application's {@code MeterRegistry}, with the
 * bean's name as the {@code datasource} label, configured by {@code jdbc-metrics.*}
 * ({@link JdbcMetricsProperties}); {@code jdbc-metrics.enabled=false} turns it off.
 *
 * <p>One jar serves Spring Boot 3.5 and 4.0: the auto-configurations it is ordered after are
 * named as strings, because Boot 4 moved them into new modules and packages (Boot 3.5:
 * {@code org.springframework.boot.actuate.autoconfigure.metrics.*} in spring-boot-actuator-autoconfigure;
 * Boot 4.0: {@code org.springframework.boot.micrometer.metrics.autoconfigure.*} in
 * spring-boot-micrometer-metrics). Boot's own pool metrics ({@code hikaricp_*},
 * {@code jdbc_connections_*}), pool metadata and {@code db} health keep working: they find the pool
 * through {@code unwrap}, which the wrapper answers. With {@code jdbc-metrics.exporter.port} set,
 * jdbc-metrics-exporter serves {@code /metrics} as well ({@link JdbcMetricsExporterConfiguration}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(name = {"javax.sql.DataSource", "org.springframework.jdbc.datasource.DelegatingDataSource",
        "io.micrometer.core.instrument.MeterRegistry"})
@ConditionalOnProperty(prefix = "jdbc-metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(JdbcMetricsProperties.class)
@Import(JdbcMetricsExporterConfiguration.class)
public class JdbcMetricsAutoConfiguration {

    /** Static, so that registering the post-processor instantiates neither this class nor any registry. */
    @Bean
    static DataSourceMeteringPostProcessor jdbcMetricsDataSourcePostProcessor(ObjectProvider<MeterRegistry> registry,
            ObjectProvider<JdbcMetricsProperties> properties) {
        return new DataSourceMeteringPostProcessor(registry, properties);
    }
}
