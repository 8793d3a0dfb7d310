package dev.jdbcmetrics.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import javax.sql.DataSource;

/**
 * jdbc-metrics in its two application-side forms. Until {@code MeteredDataSource} and
 * {@code MetricsDriver} land on main this reaches them reflectively and fails with a clear
 * message when they are missing; once they land it becomes plain calls.
 */
final class JdbcMetricsSetup {

    static final String METERED_DATA_SOURCE = "dev.jdbcmetrics.proxy.MeteredDataSource";
    static final String METRICS_DRIVER = "dev.jdbcmetrics.proxy.MetricsDriver";

    private JdbcMetricsSetup() {
    }

    /** {@code MeteredDataSource.builder(pool).name("bench").registry(registry).build()}. */
    static DataSource wrap(DataSource pool, MeterRegistry registry) {
        Class<?> metered = load(METERED_DATA_SOURCE);
        try {
            Method builderMethod = metered.getMethod("builder", DataSource.class);
            Class<?> builderType = builderMethod.getReturnType();
            Object builder = builderMethod.invoke(null, pool);
            builder = builderType.getMethod("name", String.class).invoke(builder, "bench");
            builder = builderType.getMethod("registry", MeterRegistry.class).invoke(builder, registry);
            return (DataSource) builderType.getMethod("build").invoke(builder);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException(METERED_DATA_SOURCE + " does not offer builder(DataSource)"
                    + ".name(String).registry(MeterRegistry).build() as DESIGN.md fixes: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("MeteredDataSource.builder(...).build() failed: "
                    + e.getCause(), e.getCause());
        }
    }

    /** Points {@code config} at {@code jdbc:metrics:} + the plain URL, through {@code MetricsDriver}. */
    static HikariConfig viaUrl(HikariConfig config) {
        load(METRICS_DRIVER);
        config.setJdbcUrl("jdbc:metrics:" + config.getJdbcUrl().substring("jdbc:".length()));
        config.setDriverClassName(METRICS_DRIVER);
        return config;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path: the jdbc-metrics"
                    + " proxy code has not landed in this branch yet (merge main once it has, then"
                    + " rebuild benchmarks/target/benchmarks.jar)", e);
        }
    }
}
