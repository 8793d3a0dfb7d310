package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class PostgresSidecarLogsIT extends SidecarLogsIT {

    PostgresSidecarLogsIT() {
        super(TestDatabases.postgres(), "password authentication failed for user \"" + TestDatabases.postgres().user() + "\"",
                "syntax error at or near \"WHERE\"", "\tat org.postgresql.");
    }
}
