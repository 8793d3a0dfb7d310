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
        assertThat(registry.get("db.query.duration").tag("outcome", "success").functionTimer().count())
                .isEqualTo(10);
        assertThat(registry.get("db.connection.acquire").functionTimer().count()).isEqualTo(1);
    }

    private static JdbcDataSource h2(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
