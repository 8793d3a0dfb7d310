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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
        try (CapturedStderr log = new CapturedStderr();
                Connection c = ds.getConnection(); Statement s = c.createStatement()) {
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
            // 104 failures, three kinds (query, rows affected, rows read): three log lines, not 104.
            assertThat(log.linesContaining("jdbc-metrics: recording")).hasSize(3)
                    .anyMatch(l -> l.contains("recording query metrics for datasource 'broken' failed"))
                    .anyMatch(l -> l.contains("recording rows affected metrics"))
                    .anyMatch(l -> l.contains("recording rows metrics"));
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

    @Test
    void aSlowRegistryDelaysButNeverChangesResults() throws SQLException {
        AtomicInteger slowCalls = new AtomicInteger();
        MeterRegistry registry = new SimpleMeterRegistry() {
            @Override
            protected Counter newCounter(Meter.Id id) {
                return new CumulativeCounter(id) {
                    @Override
                    public void increment(double amount) {
                        // 2 ms per increment, for the first 200 only: slow, yet bounded in total.
                        if (slowCalls.incrementAndGet() <= 200) {
                            LockSupport.parkNanos(2_000_000);
                        }
                        super.increment(amount);
                    }
                };
            }
        };
        MeteredDataSource ds = MeteredDataSource.builder(h2("containment3")).name("slow").registry(registry).build();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            for (int i = 0; i < 40; i++) {
                assertThat(s.executeUpdate("INSERT INTO t VALUES (" + i + ")")).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(40);
            }
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1)"))
                    .isInstanceOf(org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException.class);
        }
        // Slow is not broken: every count is exact and nothing was contained.
        assertThat(registry.get("db.queries.executed").tag("operation", "insert").counter().count()).isEqualTo(41);
        assertThat(registry.get("db.queries.failed").tag("sqlstate_class", "23").counter().count()).isEqualTo(1);
        assertThat(registry.get("db.rows.affected").tag("operation", "insert").counter().count()).isEqualTo(40);
        assertThat(ds.metrics().guard().failures()).isZero();
    }

    @Test
    void aRegistryClosedMidRunLeavesQueriesUntouched() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeteredDataSource ds = MeteredDataSource.builder(h2("containment4")).name("closing").registry(registry).build();
        try (CapturedStderr log = new CapturedStderr();
                Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            assertThat(s.executeUpdate("INSERT INTO t VALUES (0)")).isEqualTo(1);
            registry.close();
            // Known SQL (meters resolved before the close) and new SQL (meters resolved after it).
            for (int i = 1; i <= 20; i++) {
                assertThat(s.executeUpdate("INSERT INTO t VALUES (" + i + ")")).isEqualTo(1);
                try (ResultSet rs = s.executeQuery("SELECT id FROM t WHERE id = " + i)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t t" + i)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i + 1);
                }
            }
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1)"))
                    .isInstanceOf(org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
            assertThatThrownBy(() -> s.executeQuery("SELECT nope FROM t"))
                    .isInstanceOf(org.h2.jdbc.JdbcSQLSyntaxErrorException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42S22");
            assertThat(log.linesContaining("jdbc-metrics: recording")).hasSize(ds.metrics().guard().loggedKinds());
        }
        // A closed Micrometer registry keeps counting on the meters it has, and hands out no-op
        // meters for new ones: nothing to contain.
        assertThat(ds.metrics().guard().failures()).isZero();
        assertThat(registry.get("db.queries.executed").tag("operation", "insert").counter().count()).isEqualTo(22);
    }

    private static JdbcDataSource h2(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
