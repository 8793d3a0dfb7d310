package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class MysqlSidecarReloadIT extends SidecarReloadIT {

    MysqlSidecarReloadIT() {
        super(TestDatabases.mysql(), "SELECT CONNECTION_ID() AS id",
                "SELECT count(*) FROM information_schema.processlist WHERE id = ?");
    }
}
