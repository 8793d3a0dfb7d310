package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.TestDatabases;

class MysqlSidecarLogsIT extends SidecarLogsIT {

    MysqlSidecarLogsIT() {
        super(TestDatabases.mysql(), "Access denied for user '" + TestDatabases.mysql().user() + "'@",
                "You have an error in your SQL syntax", "\tat com.mysql.cj.");
    }
}
