package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class PostgresSidecarIT extends SidecarContractIT {

    PostgresSidecarIT() {
        super(TestDatabases.postgres());
    }
}
