package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1)"))
                    .isInstanceOf(org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
        }
        // Every counter increment failed once: the DDL's executed count (1), each insert's executed
        // and rows-affected counts (50 x 2), the select's executed and rows-returned counts (2),
        // and the failed insert's executed count (1).
        assertThat(ds.metrics().guard().failures()).isEqualTo(1 + 100 + 2 + 1);
        // ...and each kind (query, rows affected, rows read) was logged once.
        assertThat(ds.metrics().guard().loggedKinds()).isEqualTo(3);
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
