package dev.jdbcmetrics.it.boot;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * An application whose {@code dataSource} bean routes between two pools it builds inline
 * ({@code primary}, the default, and {@code replica}, max 2 each), as read/write splitting does.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class RoutingApp {

    @Bean
    Router dataSource() {
        Router router = new Router();
        HikariDataSource primary = TwoPoolsApp.pool("routed-primary", 2);
        router.setTargetDataSources(Map.of("primary", primary, "replica", TwoPoolsApp.pool("routed-replica", 2)));
        router.setDefaultTargetDataSource(primary);
        return router;
    }

    /** Routes by a per-thread key; {@code primary} when none is set. */
    static final class Router extends AbstractRoutingDataSource {
        private static final ThreadLocal<String> KEY = new ThreadLocal<>();

        /** Runs {@code work} with connections from the {@code key} pool. */
        static <T> T on(String key, Supplier<T> work) {
            KEY.set(key);
            try {
                return work.get();
            } finally {
                KEY.remove();
            }
        }

        @Override
        protected Object determineCurrentLookupKey() {
            return KEY.get();
        }
    }
}
