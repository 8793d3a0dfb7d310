package dev.jdbcmetrics.it.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The application under test: Boot's auto-configuration only (the pool from {@code spring.datasource.*}), as a new user would start. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BootApp {
}
