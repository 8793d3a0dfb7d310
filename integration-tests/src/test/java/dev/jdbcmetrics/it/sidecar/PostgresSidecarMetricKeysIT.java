package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class PostgresSidecarMetricKeysIT extends SidecarMetricKeysIT {

    PostgresSidecarMetricKeysIT() {
        super(TestDatabases.postgres(), "DOUBLE PRECISION");
    }
}
