package dev.jdbcmetrics.proxy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Run in its own JVM by {@link ProcessEndpointOrderTest}, so that its first {@code jdbc:metrics:}
 * connection is the process's first: prints the endpoint registry's scrape after one query.
 */
final class EndpointOrderProbe {

    private EndpointOrderProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:metrics:h2:mem:endpoint");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            while (rs.next()) {
                rs.getInt(1);
            }
        }
        System.out.print(ProcessEndpointStub.registry.scrape());
    }
}
