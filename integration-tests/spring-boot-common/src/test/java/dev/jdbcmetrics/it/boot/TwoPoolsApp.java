package dev.jdbcmetrics.it.boot;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** An application with two pools of its own: {@code dataSource} (primary, max 3) and {@code secondary} (max 2). */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class TwoPoolsApp {

    @Bean
    @Primary
    HikariDataSource dataSource() {
        return pool("primary-pool", 3);
    }

    @Bean
    HikariDataSource secondary() {
        return pool("secondary-pool", 2);
    }

    static HikariDataSource pool(String name, int maxSize) {
        PostgresLogin login = PostgresLogin.resolve();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(login.url());
        pool.setUsername(login.user());
        pool.setPassword(login.password());
        pool.setPoolName(name);
        pool.setMaximumPoolSize(maxSize);
        return pool;
    }
}
