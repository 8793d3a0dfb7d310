package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class MysqlSidecarIT extends SidecarContractIT {

    MysqlSidecarIT() {
        super(TestDatabases.mysql());
    }
}
