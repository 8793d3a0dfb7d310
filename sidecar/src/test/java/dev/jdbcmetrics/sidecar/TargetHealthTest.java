package dev.jdbcmetrics.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** The bounded {@code reason} of {@code db_target_probe_failures_total}, from the exceptions drivers and HikariCP throw. */
class TargetHealthTest {

    @Test
    void refusedWhenNothingListens() {
        // PgJDBC: "Connection to 127.0.0.1:1 refused", SQLState 08001, caused by ConnectException.
        SQLException pg = new SQLException("Connection to 127.0.0.1:1 refused", "08001",
                new ConnectException("Connection refused"));
        assertThat(TargetHealth.reason(new SQLTransientConnectionException("pool timed out", "08001", pg)))
                .isEqualTo("refused");
    }

    @Test
    void timeoutForSocketAndPoolTimeouts() {
        assertThat(TargetHealth.reason(new SQLException("read timed out", "08006",
                new SocketTimeoutException("Read timed out")))).isEqualTo("timeout");
        assertThat(TargetHealth.reason(new SQLTimeoutException("login timed out"))).isEqualTo("timeout");
        // HikariCP's "Connection is not available, request timed out" with nothing below it.
        assertThat(TargetHealth.reason(new SQLTransientConnectionException("request timed out")))
                .isEqualTo("timeout");
    }

    @Test
    void otherwiseTheSqlStateClassOfTheDeepestState() {
        SQLException login = new SQLException("password authentication failed", "28P01");
        assertThat(TargetHealth.reason(new SQLTransientConnectionException("pool timed out", null, login)))
                .isEqualTo("28");
        assertThat(TargetHealth.reason(new SQLException("no such database", "3D000"))).isEqualTo("3D");
    }

    @Test
    void noneWithoutAUsableSqlState() {
        assertThat(TargetHealth.reason(new SQLException("closed"))).isEqualTo("none");
        assertThat(TargetHealth.reason(new SQLException("odd", "x!"))).isEqualTo("none");
    }
}
