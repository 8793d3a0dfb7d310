package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class MysqlSidecarMetricKeysIT extends SidecarMetricKeysIT {

    MysqlSidecarMetricKeysIT() {
        super(TestDatabases.mysql(), "DOUBLE");
    }
}
