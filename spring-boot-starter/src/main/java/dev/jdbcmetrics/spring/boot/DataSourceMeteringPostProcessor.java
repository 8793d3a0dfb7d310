package dev.jdbcmetrics.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import javax.sql.DataSource;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Meters every {@code DataSource} bean after its initialization (see {@link DataSourceMetering}
 * for what is wrapped how), except the beans named in {@code jdbc-metrics.exclude-beans} and
 * scoped-proxy targets (their proxy is the bean the application sees).
 *
 * <p>Registered through a {@code static} bean method and handed providers only, so that
 * registering it creates no other bean: the {@code MeterRegistry} and the properties are
 * resolved when the first data source is metered.
 */
final class DataSourceMeteringPostProcessor implements BeanPostProcessor, Ordered {

    private final ObjectProvider<MeterRegistry> registry;
    private final ObjectProvider<JdbcMetricsProperties> properties;
    private volatile DataSourceMetering metering;

    DataSourceMeteringPostProcessor(ObjectProvider<MeterRegistry> registry,
            ObjectProvider<JdbcMetricsProperties> properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || ScopedProxyUtils.isScopedTarget(beanName)) {
            return bean;
        }
        JdbcMetricsProperties settings = properties.getObject();
        if (settings.getExcludeBeans().contains(beanName)) {
            return bean;
        }
        return metering(settings).meter(dataSource, beanName);
    }

    /** Last, so that other post-processors (a user's own decorator included) see the bean as declared. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private DataSourceMetering metering(JdbcMetricsProperties settings) {
        DataSourceMetering current = metering;
        if (current == null) {
            // Boot's registry when there is one (actuator); else the global registry, which Boot's
            // registries join by default, so metrics are never lost.
            MeterRegistry target = registry.getIfAvailable(() -> Metrics.globalRegistry);
            current = new DataSourceMetering(target, settings.toMetricsConfig());
            metering = current;
        }
        return current;
    }
}
