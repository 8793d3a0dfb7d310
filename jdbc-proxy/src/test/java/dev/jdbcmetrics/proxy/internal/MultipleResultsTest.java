package dev.jdbcmetrics.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A statement with several results (a procedure's, or MySQL's multi-statements): each result is
 * its own wrapper, and each one's rows are counted once, however the results are walked.
 */
class MultipleResultsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DataSourceMetrics metrics = DataSourceMetrics.create("multi", registry, MetricsConfig.defaults());

    @Test
    void keepingTheCurrentResultHandsOutTheNextOneAsANewWrapper() throws SQLException {
        Statement statement = statement(List.of(rows(2), rows(3)));
        assertThat(statement.execute("CALL two_results()")).isTrue();
        ResultSet first = statement.getResultSet();
        assertThat(statement.getResultSet()).isSameAs(first);
        assertThat(statement.getMoreResults(Statement.KEEP_CURRENT_RESULT)).isTrue();
        ResultSet second = statement.getResultSet();
        assertThat(second).isNotSameAs(first);
        drain(second);
        drain(first);
        first.close();
        second.close();
        statement.close();
        assertThat(registry.get("db.rows.returned").functionCounter().count()).isEqualTo(5);
    }

    @Test
    void movingOnClosesAndCountsTheCurrentResult() throws SQLException {
        Statement statement = statement(List.of(rows(2), rows(3)));
        statement.execute("CALL two_results()");
        ResultSet first = statement.getResultSet();
        assertThat(first.next()).isTrue(); // one row read, then the caller moves on
        statement.getMoreResults();
        drain(statement.getResultSet());
        statement.close();
        assertThat(registry.get("db.rows.returned").functionCounter().count()).isEqualTo(1 + 3);
    }

    private Statement statement(List<ResultSet> results) throws SQLException {
        List<ResultSet> remaining = new ArrayList<>(results);
        Statement driverStatement = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> true;
                    case "getResultSet" -> remaining.get(0);
                    case "getMoreResults" -> {
                        remaining.remove(0);
                        yield !remaining.isEmpty();
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Connection driverConnection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement" -> driverStatement;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return MeteredConnection.wrapPhysical(driverConnection, metrics).createStatement();
    }

    private static ResultSet rows(int count) {
        int[] left = {count};
        return (ResultSet) Proxy.newProxyInstance(MultipleResultsTest.class.getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> left[0]-- > 0;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void drain(ResultSet rs) throws SQLException {
        while (rs.next()) {
            // counting is the wrapper's job
        }
    }
}
