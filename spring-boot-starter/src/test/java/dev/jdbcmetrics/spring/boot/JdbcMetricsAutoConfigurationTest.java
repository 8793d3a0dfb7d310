package dev.jdbcmetrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/** Which beans the auto-configuration meters, and under which label, with real H2 pools. */
class JdbcMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JdbcMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void wrapsEachDataSourceBeanUnderItsBeanName() {
        runner.withUserConfiguration(TwoPools.class).run(context -> {
            DataSource orders = context.getBean("orders", DataSource.class);
            assertThat(orders).isInstanceOf(MeteredDataSource.class);
            assertThat(orders.unwrap(HikariDataSource.class).getPoolName()).isEqualTo("orders-pool");
            execute(orders, "SELECT 1");
            execute(orders, "SELECT 1");
            execute(context.getBean("reports", DataSource.class), "SELECT 1");

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(executed(registry, "orders")).isEqualTo(2.0);
            assertThat(executed(registry, "reports")).isEqualTo(1.0);
            assertThat(registry.get("db.connections.max").tag("datasource", "orders").gauge().value()).isEqualTo(3.0);
        });
    }

    @Test
    void thePropertiesReachTheMeters() {
        runner.withUserConfiguration(TwoPools.class).withPropertyValues("jdbc-metrics.table-label=false").run(context -> {
            execute(context.getBean("orders", DataSource.class), "SELECT 1");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("db.queries.executed").tag("datasource", "orders").meter().getId().getTag("table"))
                    .isNull();
        });
    }

    @Test
    void withoutAMeterRegistryBeanTheGlobalRegistryRecords() {
        SimpleMeterRegistry global = new SimpleMeterRegistry();
        Metrics.addRegistry(global);
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(JdbcMetricsAutoConfiguration.class))
                    .withUserConfiguration(TwoPools.class)
                    .run(context -> {
                        execute(context.getBean("orders", DataSource.class), "SELECT 1");
                        assertThat(executed(global, "orders")).isEqualTo(1.0);
                    });
        } finally {
            Metrics.removeRegistry(global);
            global.close();
        }
    }

    @Test
    void leavesExcludedBeansAsTheyAre() {
        runner.withUserConfiguration(TwoPools.class).withPropertyValues("jdbc-metrics.exclude-beans=reports")
                .run(context -> {
                    DataSource reports = context.getBean("reports", DataSource.class);
                    assertThat(reports).isInstanceOf(HikariDataSource.class);
                    assertThat(reports.isWrapperFor(MeteredDataSource.class)).isFalse();
                    assertThat(context.getBean("orders", DataSource.class)).isInstanceOf(MeteredDataSource.class);
                    execute(reports, "SELECT 1");
                    assertThat(context.getBean(MeterRegistry.class).find("db.queries.executed")
                            .tag("datasource", "reports").meters()).isEmpty();
                });
    }

    @Test
    void disabledRegistersNothing() {
        runner.withUserConfiguration(TwoPools.class).withPropertyValues("jdbc-metrics.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(DataSourceMeteringPostProcessor.class);
            assertThat(context.getBean("orders", DataSource.class)).isInstanceOf(HikariDataSource.class);
            execute(context.getBean("orders", DataSource.class), "SELECT 1");
            assertThat(context.getBean(MeterRegistry.class).find("db.queries.executed").meters()).isEmpty();
        });
    }

    @Test
    void neverWrapsTwice() {
        runner.withUserConfiguration(AlreadyMetered.class).run(context -> {
            DataSource bean = context.getBean("metered", DataSource.class);
            assertThat(bean).isSameAs(AlreadyMetered.instance);
            assertThat(bean.unwrap(DataSource.class)).isInstanceOf(MeteredDataSource.class);
            assertThat(((MeteredDataSource) bean).unwrap(HikariDataSource.class)).isInstanceOf(HikariDataSource.class);
            execute(bean, "SELECT 1");
            assertThat(executed(context.getBean(MeterRegistry.class), "hand-made")).isEqualTo(1.0);
            assertThat(context.getBean(MeterRegistry.class).find("db.queries.executed")
                    .tag("datasource", "metered").meters()).isEmpty();
        });
    }

    @Test
    void metersTheTargetOfALazyProxyInPlace() {
        runner.withUserConfiguration(LazyOverInlinePool.class).run(context -> {
            DataSource bean = context.getBean("dataSource", DataSource.class);
            assertThat(bean).isInstanceOf(LazyConnectionDataSourceProxy.class);
            assertThat(((LazyConnectionDataSourceProxy) bean).getTargetDataSource()).isInstanceOf(MeteredDataSource.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // The proxy borrows once to learn the defaults (auto-commit, isolation) ...
            ((LazyConnectionDataSourceProxy) bean).checkDefaultConnectionProperties();
            assertThat(acquires(registry, "dataSource")).isEqualTo(1.0);
            try (Connection lazy = bean.getConnection()) {
                // ... and a lazy handle borrows nothing until it is used.
                assertThat(acquires(registry, "dataSource")).isEqualTo(1.0);
                try (Statement statement = lazy.createStatement()) {
                    statement.execute("SELECT 1");
                }
            }
            assertThat(executed(registry, "dataSource")).isEqualTo(1.0);
            assertThat(acquires(registry, "dataSource")).isEqualTo(2.0);
        });
    }

    @Test
    void aLazyProxyOverAMeteredBeanCountsOnce() {
        runner.withUserConfiguration(LazyOverPoolBean.class).run(context -> {
            DataSource lazy = context.getBean("lazy", DataSource.class);
            assertThat(lazy).isInstanceOf(LazyConnectionDataSourceProxy.class);
            assertThat(((LazyConnectionDataSourceProxy) lazy).getTargetDataSource())
                    .isSameAs(context.getBean("pool", DataSource.class));
            execute(lazy, "SELECT 1");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(executed(registry, "pool")).isEqualTo(1.0);
            assertThat(registry.find("db.queries.executed").meters()).hasSize(1);
        });
    }

    @Test
    void metersEachRoutingTargetUnderTheRouterAndItsKey() {
        runner.withUserConfiguration(Routing.class).run(context -> {
            KeyedRouter router = context.getBean("router", KeyedRouter.class);
            assertThat(router.getResolvedDataSources().values()).allMatch(MeteredDataSource.class::isInstance);
            assertThat(router.getResolvedDefaultDataSource()).isSameAs(router.getResolvedDataSources().get("primary"));
            execute(router, "SELECT 1");
            router.key = "replica";
            execute(router, "SELECT 1");
            execute(router, "SELECT 1");

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(executed(registry, "router.primary")).isEqualTo(1.0);
            assertThat(executed(registry, "router.replica")).isEqualTo(2.0);
            assertThat(registry.find("db.queries.executed").tag("datasource", "router").meters()).isEmpty();
        });
    }

    @Test
    void leavesAPoolOnAJdbcMetricsUrlToItsDriver() {
        runner.withUserConfiguration(MetricsUrlPool.class).run(context -> {
            assertThat(context.getBean("urlMode", DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double executed(MeterRegistry registry, String datasource) {
        return registry.find("db.queries.executed").tag("datasource", datasource).meters().stream()
                .mapToDouble(JdbcMetricsAutoConfigurationTest::count).sum();
    }

    /** The COUNT of a counter or a timer, whichever kind of meter core registered. */
    private static double count(Meter meter) {
        for (Measurement measurement : meter.measure()) {
            if (measurement.getStatistic() == Statistic.COUNT) {
                return measurement.getValue();
            }
        }
        throw new AssertionError(meter.getId() + " has no COUNT");
    }

    private static double acquires(MeterRegistry registry, String datasource) {
        return count(registry.get("db.connection.acquire").tag("datasource", datasource).meter());
    }

    static HikariDataSource h2(String name, int maxSize) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        pool.setPoolName(name + "-pool");
        pool.setMaximumPoolSize(maxSize);
        return pool;
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPools {
        @Bean
        HikariDataSource orders() {
            return h2("orders", 3);
        }

        @Bean
        HikariDataSource reports() {
            return h2("reports", 2);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AlreadyMetered {
        static MeteredDataSource instance;

        @Bean
        DataSource metered(MeterRegistry registry) {
            instance = MeteredDataSource.builder(h2("hand", 2)).name("hand-made").registry(registry).build();
            return instance;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyOverInlinePool {
        @Bean
        DataSource dataSource() {
            return new LazyConnectionDataSourceProxy(h2("lazy", 2));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyOverPoolBean {
        @Bean
        HikariDataSource pool() {
            return h2("pool", 2);
        }

        @Bean
        DataSource lazy(DataSource pool) {
            return new LazyConnectionDataSourceProxy(pool);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Routing {
        @Bean
        KeyedRouter router() {
            KeyedRouter router = new KeyedRouter();
            HikariDataSource primary = h2("primary", 2);
            router.setTargetDataSources(Map.of("primary", primary, "replica", h2("replica", 2)));
            router.setDefaultTargetDataSource(primary);
            return router;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MetricsUrlPool {
        @Bean
        HikariDataSource urlMode() {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl("jdbc:metrics:h2:mem:urlmode;DB_CLOSE_DELAY=-1");
            return pool;
        }
    }

    /** Routes to whatever key a test sets. */
    static final class KeyedRouter extends AbstractRoutingDataSource {
        volatile String key = "primary";

        @Override
        protected Object determineCurrentLookupKey() {
            return key;
        }
    }
}
