package dev.jdbcmetrics.benchmarks.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.benchmarks.Workloads;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The stub driver answers the workloads' statements from memory and refuses everything else. */
class StubDriverTest {

    @Test
    void driverManagerFindsTheStubByItsUrl() throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:stub:anything")).isSameAs(StubDriver.INSTANCE);
        assertThat(StubDriver.INSTANCE.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(StubDriver.INSTANCE.connect("jdbc:h2:mem:x", null)).isNull();
    }

    @Test
    void theServiceFileNamesTheStub() {
        assertThat(ServiceLoader.load(Driver.class).stream().map(ServiceLoader.Provider::type))
                .contains(StubDriver.class);
    }

    @Test
    void pointSelectReadsOneRowWithTheH2TableValues() throws SQLException {
        try (Connection c = DriverManager.getConnection(StubDriver.url("t"), "sa", "");
             PreparedStatement ps = c.prepareStatement(Workloads.POINT_SELECT)) {
            ps.setInt(1, 200);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(200);
                assertThat(rs.getString(2)).isEqualTo("customer-6");
                assertThat(rs.getLong(3)).isEqualTo(2_000L);
                assertThat(rs.getLong("amount")).isEqualTo(2_000L);
                assertThat(rs.next()).isFalse();
                assertThat(rs.next()).isFalse();
                assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class)
                        .hasMessage("stub driver: no current row");
            }
        }
    }

    @Test
    void tenRowSelectReadsTenRowsFromTheFirstBoundId() throws SQLException {
        try (Connection c = DriverManager.getConnection(StubDriver.url("t"));
             PreparedStatement ps = c.prepareStatement(Workloads.TEN_ROW_SELECT)) {
            ps.setInt(1, 11);
            ps.setInt(2, 20);
            long ids = 0;
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids += rs.getInt(1);
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(10);
            assertThat(ids).isEqualTo(155);
        }
    }

    @Test
    void updatesChangeOneRowEachBatchedOrNot() throws SQLException {
        try (Connection c = DriverManager.getConnection(StubDriver.url("t"));
             PreparedStatement ps = c.prepareStatement(Workloads.UPDATE)) {
            ps.setInt(1, 42);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(ps.getUpdateCount()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            assertThat(ps.executeBatch()).isEmpty();
            assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("stub driver: not a query");
        }
    }

    @Test
    void otherSqlIsRefusedWhenPrepared() throws SQLException {
        try (Connection c = DriverManager.getConnection(StubDriver.url("t"))) {
            assertThatThrownBy(() -> c.prepareStatement("SELECT 1")).isInstanceOf(SQLException.class)
                    .hasMessage("stub driver: no canned answer for 'SELECT 1'");
        }
    }

    @Test
    void whatTheWorkloadsDoNotNeedIsNotSupported() throws SQLException {
        try (Connection c = DriverManager.getConnection(StubDriver.url("t"));
             PreparedStatement ps = c.prepareStatement(Workloads.POINT_SELECT)) {
            assertThatThrownBy(c::createStatement).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessage("stub driver: createStatement");
            assertThatThrownBy(() -> ps.setString(1, "x")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessage("stub driver: setString");
            assertThatThrownBy(ps::getLargeUpdateCount).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessage("stub driver: getLargeUpdateCount");
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThatThrownBy(() -> rs.getObject(1)).isInstanceOf(SQLFeatureNotSupportedException.class)
                        .hasMessage("stub driver: getObject");
            }
        }
    }

    @Test
    void theConnectionKeepsWhatHikariSetsAndResets() throws SQLException {
        Connection c = DriverManager.getConnection(StubDriver.url("t"), "sa", "");
        assertThat(c.getAutoCommit()).isTrue();
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        c.setCatalog("cat");
        c.setSchema("app");
        c.setNetworkTimeout(Runnable::run, 15_000);
        assertThat(c.getAutoCommit()).isFalse();
        assertThat(c.isReadOnly()).isTrue();
        assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(c.getCatalog()).isEqualTo("cat");
        assertThat(c.getSchema()).isEqualTo("app");
        assertThat(c.getNetworkTimeout()).isEqualTo(15_000);
        assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:stub:t");
        assertThat(c.getMetaData().getUserName()).isEqualTo("sa");
        assertThat(c.isValid(1)).isTrue();

        c.close();

        assertThat(c.isValid(1)).isFalse();
        assertThatThrownBy(() -> c.prepareStatement(Workloads.POINT_SELECT)).isInstanceOf(SQLException.class)
                .hasMessage("stub driver: connection is closed");
    }
}
