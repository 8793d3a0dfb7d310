package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A registry that throws must never change a query's result or exception. Queries never call the
 * registry (they record into our own counters, read at scrape time), so the only place it can
 * throw is registration: contained, counted, each kind logged once.
 */
class MetricsFailureContainmentTest {

    @Test
    void aRegistryThatRefusesEveryMeterLeavesQueriesUntouched() throws SQLException {
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new IllegalStateException("registry is broken");
            }
        });
        MeteredDataSource ds = MeteredDataSource.builder(h2("containment1")).name("broken").registry(registry).build();
        long failuresAtStart = ds.metrics().guard().failures();
        assertThat(failuresAtStart).isPositive();
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
            // Dozens of refused registrations while querying: not one more log line (the one
            // line of this kind was written when the data source was built).
            assertThat(log.linesContaining("jdbc-metrics: recording")).isEmpty();
        }
        assertThat(registry.getMeters()).isEmpty();
        // Every attempt to register a meter failed and was counted; however many, one log line.
        assertThat(ds.metrics().guard().failures()).isGreaterThan(failuresAtStart);
        assertThat(ds.metrics().guard().loggedKinds()).isEqualTo(1);
    }

    @Test
    void aFilterThatRefusesOneMeterLeavesTheOthersWorking() throws SQLException {
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
        // One operation and table (select, none): one executed counter refused, once.
        assertThat(ds.metrics().guard().failures()).isEqualTo(1);
        assertThat(ds.metrics().guard().loggedKinds()).isEqualTo(1);
        assertThat(registry.find("db.queries.executed").meters()).isEmpty();
        assertThat(registry.get("db.rows.returned").functionCounter().count()).isEqualTo(10);
        assertThat(registry.get("db.query.duration").tag("outcome", "success").timer().count())
                .isEqualTo(10);
        assertThat(registry.get("db.connection.acquire").timer().count()).isEqualTo(1);
    }

    @Test
    void aSlowRegistryDelaysOnlyTheFirstSightOfAStatementAndChangesNoResult() throws SQLException {
        AtomicInteger slowCalls = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                // 5 ms per registration, for the first 200 only: slow, yet bounded in total.
                if (slowCalls.incrementAndGet() <= 200) {
                    LockSupport.parkNanos(5_000_000);
                }
                return id;
            }
        });
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
        assertThat(registry.get("db.queries.executed").tag("operation", "insert").functionCounter().count())
                .isEqualTo(41);
        assertThat(registry.get("db.rows.affected").tag("operation", "insert").functionCounter().count())
                .isEqualTo(40);
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
            // Known SQL (meters registered before the close) and new SQL (registered after it).
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
        // A closed Micrometer registry hands out no-op meters for new ones, and the ones it has
        // keep reading our counts: nothing to contain.
        assertThat(ds.metrics().guard().failures()).isZero();
        assertThat(registry.get("db.queries.executed").tag("operation", "insert").functionCounter().count())
                .isEqualTo(22);
    }

    private static JdbcDataSource h2(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
