package dev.jdbcmetrics.it.jdbc;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.TestDatabases;

/** The database and driver a test runs against. */
enum Database {
    /** PostgreSQL through pgjdbc. */
    POSTGRES,
    /** MySQL/MariaDB through MySQL Connector/J ({@code jdbc:mysql:}). */
    MYSQL,
    /** MySQL/MariaDB through the MariaDB driver ({@code jdbc:mariadb:}). */
    MARIADB;

    DatabaseEndpoint endpoint() {
        return switch (this) {
            case POSTGRES -> TestDatabases.postgres();
            case MYSQL -> TestDatabases.mysql();
            case MARIADB -> TestDatabases.mariadb();
        };
    }

    boolean isPostgres() {
        return this == POSTGRES;
    }

    /** The endpoint's URL with extra driver parameters ({@code key=value}) appended. */
    String url(String... parameters) {
        StringBuilder url = new StringBuilder(endpoint().jdbcUrl());
        for (String parameter : parameters) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(parameter);
        }
        return url.toString();
    }
}
