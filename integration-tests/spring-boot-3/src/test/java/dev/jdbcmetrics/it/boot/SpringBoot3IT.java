package dev.jdbcmetrics.it.boot;

/** {@link BootStarterContract} on Spring Boot 3.5 (this module's parent), with the versions it manages. */
class SpringBoot3IT extends BootStarterContract {
}
