package dev.jdbcmetrics.spring.boot;

import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Meters one {@code DataSource} bean, so that every physical borrow is measured exactly once:
 *
 * <ul>
 *   <li>already metered (a {@link MeteredDataSource}, or a wrapper whose {@code isWrapperFor}
 *       reaches one, such as a {@code LazyConnectionDataSourceProxy} around a metered bean): left
 *       as it is;</li>
 *   <li>a pool whose URL is a {@code jdbc:metrics:} URL: left as it is, the driver measures it;</li>
 *   <li>an {@link AbstractRoutingDataSource}: each target is metered in place, labelled
 *       {@code <bean>.<lookup key>}, and the router itself is not. A router owns several pools, so
 *       one label over all of them would mix their pool gauges; targets that are beans themselves
 *       are metered as beans already and left alone;</li>
 *   <li>a {@link DelegatingDataSource} ({@code LazyConnectionDataSourceProxy},
 *       {@code TransactionAwareDataSourceProxy}, …): its target is metered in place under the
 *       bean's name, so acquire times are those of the real pool (a lazy proxy's own
 *       {@code getConnection()} returns a handle at once) and the bean keeps its type;</li>
 *   <li>anything else: replaced by a {@link MeteredDataSource} named after the bean.</li>
 * </ul>
 */
final class DataSourceMetering {

    private static final Log logger = LogFactory.getLog(DataSourceMetering.class);

    private final MeterRegistry registry;
    private final MetricsConfig config;

    DataSourceMetering(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** The bean to expose instead of {@code dataSource} (the same instance when metered in place or left alone). */
    DataSource meter(DataSource dataSource, String name) {
        if (dataSource instanceof AbstractRoutingDataSource router) {
            meterTargets(router, name);
            return router;
        }
        if (isMetered(dataSource)) {
            return dataSource;
        }
        if (dataSource instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
            DataSource target = delegating.getTargetDataSource();
            DataSource metered = meter(target, name);
            if (metered != target) {
                delegating.setTargetDataSource(metered);
            }
            return delegating;
        }
        if (MetricsUrlDetector.usesMetricsUrl(dataSource)) {
            logger.info("jdbc-metrics: DataSource bean '" + name + "' connects through a jdbc:metrics: URL,"
                    + " whose driver measures it already; not wrapping it again");
            return dataSource;
        }
        return MeteredDataSource.builder(dataSource).name(name).registry(registry).config(config).build();
    }

    private void meterTargets(AbstractRoutingDataSource router, String name) {
        Map<DataSource, DataSource> meteredByTarget = new IdentityHashMap<>();
        Map<Object, Object> targets = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<Object, DataSource> entry : router.getResolvedDataSources().entrySet()) {
            DataSource target = entry.getValue();
            DataSource metered = meter(target, name + "." + entry.getKey());
            meteredByTarget.put(target, metered);
            targets.put(entry.getKey(), metered);
            changed |= metered != target;
        }
        DataSource defaultTarget = router.getResolvedDefaultDataSource();
        DataSource meteredDefault = defaultTarget;
        if (defaultTarget != null) {
            // The default is usually one of the targets: reuse its wrapper so its counts are not split.
            meteredDefault = meteredByTarget.computeIfAbsent(defaultTarget, d -> meter(d, name + ".default"));
            changed |= meteredDefault != defaultTarget;
        }
        if (changed) {
            router.setTargetDataSources(targets);
            if (meteredDefault != null) {
                router.setDefaultTargetDataSource(meteredDefault);
            }
            router.afterPropertiesSet();
        }
    }

    private static boolean isMetered(DataSource dataSource) {
        if (dataSource instanceof MeteredDataSource) {
            return true;
        }
        try {
            return dataSource.isWrapperFor(MeteredDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
