package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** A registry that throws must never change a query's result or exception. */
class MetricsFailureContainmentTest {

    @Test
    void throwingCountersNeverReachTheQuery() throws SQLException {
        MeterRegistry registry = new SimpleMeterRegistry() {
            @Override
            protected Counter newCounter(Meter.Id id) {
                return new CumulativeCounter(id) {
                    @Override
                    public void increment(double amount) {
                        throw new IllegalStateException("registry is broken");
                    }
                };
            }
        };
        MeteredDataSource ds = MeteredDataSource.builder(h2("containment1")).name("broken").registry(registry).build();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            for (int i = 0; i < 50; i++) {
                assertThat(s.executeUpdate("INSERT INTO t VALUES (" + i + ")")).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(50);
            }
            SQLException duplicate = null;
            try {
                s.executeUpdate("INSERT INTO t VALUES (1)");
            } catch (SQLException e) {
                duplicate = e;
            }
            assertThat(duplicate).isNotNull();
            assertThat(duplicate.getSQLState()).isEqualTo("23505");
        }
        // 1 DDL + 50 inserts + 1 select + 1 failed insert, each failing once at its first counter.
        assertThat(ds.metrics().guard().failures()).isEqualTo(53 + 1);
        assertThat(ds.metrics().guard().loggedKinds()).isEqualTo(2);
    }

    @Test
    void aFilterThatThrowsWhileMetersResolveLeavesQueriesUnmeasuredButWorking() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("db.queries.executed")) {
                    throw new IllegalArgumentException("filter is broken");
                }
                return id;
            }
        });
        MeteredDataSource ds = MeteredDataSource.builder(h2("containment2")).name("filtered").registry(registry).build();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 10; i++) {
                try (ResultSet rs = s.executeQuery("SELECT " + i)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                }
            }
        }
        assertThat(ds.metrics().guard().failures()).isEqualTo(10);
        assertThat(ds.metrics().guard().loggedKinds()).isEqualTo(1);
        assertThat(registry.find("db.connection.acquire").timer().count()).isEqualTo(1);
    }

    private static JdbcDataSource h2(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
