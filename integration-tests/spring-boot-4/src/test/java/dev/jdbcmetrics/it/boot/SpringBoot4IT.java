package dev.jdbcmetrics.it.boot;

/** {@link BootStarterContract} on Spring Boot 4.0 (this module's parent), with the versions it manages. */
class SpringBoot4IT extends BootStarterContract {
}
