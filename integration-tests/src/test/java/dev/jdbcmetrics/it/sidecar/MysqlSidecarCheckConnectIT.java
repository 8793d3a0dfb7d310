package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class MysqlSidecarCheckConnectIT extends SidecarCheckConnectIT {

    MysqlSidecarCheckConnectIT() {
        super(TestDatabases.mysql(), "Access denied for user '" + TestDatabases.mysql().user() + "'@",
                "You have an error in your SQL syntax");
    }
}
