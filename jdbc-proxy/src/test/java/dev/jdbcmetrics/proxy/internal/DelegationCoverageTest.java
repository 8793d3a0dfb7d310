package dev.jdbcmetrics.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.proxy.internal.TestDelegates.TestConnection;
import dev.jdbcmetrics.proxy.internal.TestDelegates.TestDatabaseMetaData;
import dev.jdbcmetrics.proxy.internal.TestDelegates.TestResultSet;
import dev.jdbcmetrics.proxy.internal.TestDelegates.TestStatement;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java.sql} method reaches the delegate unchanged, except the ones listed here as
 * abstract: adding an abstract method to a {@code Delegating*} class must be done on purpose.
 */
class DelegationCoverageTest {

    static final Set<String> CONNECTION_ABSTRACT = Set.of(
            "createStatement()", "createStatement(int,int)", "createStatement(int,int,int)",
            "prepareStatement(String)", "prepareStatement(String,int)",
            "prepareStatement(String,int[])", "prepareStatement(String,String[])",
            "prepareStatement(String,int,int)", "prepareStatement(String,int,int,int)",
            "prepareCall(String)", "prepareCall(String,int,int)", "prepareCall(String,int,int,int)",
            "getMetaData()", "close()", "commit()", "rollback()", "rollback(Savepoint)",
            "setAutoCommit(boolean)");

    static final Set<String> STATEMENT_ABSTRACT = Set.of(
            "executeQuery(String)",
            "execute(String)", "execute(String,int)", "execute(String,int[])",
            "execute(String,String[])",
            "executeUpdate(String)", "executeUpdate(String,int)", "executeUpdate(String,int[])",
            "executeUpdate(String,String[])",
            "executeLargeUpdate(String)", "executeLargeUpdate(String,int)",
            "executeLargeUpdate(String,int[])", "executeLargeUpdate(String,String[])",
            "executeBatch()", "executeLargeBatch()", "addBatch(String)",
            "getResultSet()", "getGeneratedKeys()", "getConnection()",
            "getMoreResults()", "getMoreResults(int)", "close()");

    static final Set<String> PREPARED_STATEMENT_ABSTRACT = union(STATEMENT_ABSTRACT, Set.of(
            "executeQuery()", "execute()", "executeUpdate()", "executeLargeUpdate()",
            "addBatch()"));

    static final Set<String> CALLABLE_STATEMENT_ABSTRACT = PREPARED_STATEMENT_ABSTRACT;

    static final Set<String> RESULT_SET_ABSTRACT = Set.of("next()", "close()", "getStatement()");

    static final Set<String> DATABASE_META_DATA_ABSTRACT = Set.of("getConnection()");

    @Test
    void connectionForwardsEveryOtherMethod() {
        RecordingDelegate.assertDelegates(Connection.class, TestConnection::new,
                CONNECTION_ABSTRACT);
    }

    @Test
    void statementForwardsEveryOtherMethod() {
        RecordingDelegate.assertDelegates(Statement.class, TestStatement::new, STATEMENT_ABSTRACT);
    }

    // Prepared and callable statements are tested through the metered leaf classes: the
    // metering sits inside their chain (see DelegatingHierarchyTest).

    @Test
    void preparedStatementForwardsEveryOtherMethod() {
        RecordingDelegate.assertDelegates(PreparedStatement.class,
                d -> new MeteredPreparedStatement(d, meteredConnection(), "SELECT 1"), PREPARED_STATEMENT_ABSTRACT);
    }

    @Test
    void callableStatementForwardsEveryOtherMethod() {
        RecordingDelegate.assertDelegates(CallableStatement.class,
                d -> new MeteredCallableStatement(d, meteredConnection(), "{call p()}"), CALLABLE_STATEMENT_ABSTRACT);
    }

    private static MeteredConnection meteredConnection() {
        DataSourceMetrics metrics = DataSourceMetrics.create("coverage", new SimpleMeterRegistry(),
                MetricsConfig.defaults());
        return (MeteredConnection) MeteredConnection.wrapPhysical(
                RecordingDelegate.create(Connection.class, new java.util.ArrayList<>()), metrics);
    }

    @Test
    void resultSetForwardsEveryOtherMethod() {
        RecordingDelegate.assertDelegates(ResultSet.class, TestResultSet::new, RESULT_SET_ABSTRACT);
    }

    @Test
    void databaseMetaDataForwardsEveryOtherMethod() {
        RecordingDelegate.assertDelegates(DatabaseMetaData.class, TestDatabaseMetaData::new,
                DATABASE_META_DATA_ABSTRACT);
    }

    @Test
    void abstractMethodsAreExactlyTheListedOnes() {
        assertThat(abstractSignatures(DelegatingConnection.class))
                .containsExactlyInAnyOrderElementsOf(CONNECTION_ABSTRACT);
        assertThat(abstractSignatures(DelegatingStatement.class))
                .containsExactlyInAnyOrderElementsOf(STATEMENT_ABSTRACT);
        // The statement-level ones are implemented once, by AbstractMeteredStatement, which
        // DelegatingPreparedStatement extends; the prepared-level ones by AbstractMeteredPreparedStatement.
        assertThat(abstractSignatures(DelegatingPreparedStatement.class))
                .containsExactlyInAnyOrder("executeQuery()", "execute()", "executeUpdate()",
                        "executeLargeUpdate()", "addBatch()");
        assertThat(abstractSignatures(DelegatingCallableStatement.class)).isEmpty();
        assertThat(abstractSignatures(DelegatingResultSet.class))
                .containsExactlyInAnyOrderElementsOf(RESULT_SET_ABSTRACT);
        assertThat(abstractSignatures(DelegatingDatabaseMetaData.class))
                .containsExactlyInAnyOrderElementsOf(DATABASE_META_DATA_ABSTRACT);
    }

    @Test
    void coverageRunsOverTheWholeJdbc43Api() {
        // method counts of the JDBC 4.3 interfaces on Java 17, default methods included
        assertThat(RecordingDelegate.publicMethods(Connection.class)).hasSize(60);
        assertThat(RecordingDelegate.publicMethods(Statement.class)).hasSize(56);
        assertThat(RecordingDelegate.publicMethods(PreparedStatement.class)).hasSize(114);
        assertThat(RecordingDelegate.publicMethods(CallableStatement.class)).hasSize(235);
        assertThat(RecordingDelegate.publicMethods(ResultSet.class)).hasSize(195);
        assertThat(RecordingDelegate.publicMethods(DatabaseMetaData.class)).hasSize(179);
    }

    private static Set<String> abstractSignatures(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .map(RecordingDelegate::signature)
                .collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }
}
