package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class PostgresSidecarReloadIT extends SidecarReloadIT {

    PostgresSidecarReloadIT() {
        super(TestDatabases.postgres(), "SELECT pg_backend_pid() AS id",
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ?");
    }
}
