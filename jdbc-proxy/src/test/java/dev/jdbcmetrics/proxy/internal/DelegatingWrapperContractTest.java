package dev.jdbcmetrics.proxy.internal;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.proxy.internal.TestDelegates.TestConnection;
import dev.jdbcmetrics.proxy.internal.TestDelegates.TestDatabaseMetaData;
import dev.jdbcmetrics.proxy.internal.TestDelegates.TestResultSet;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code unwrap}, {@code isWrapperFor} and {@code toString} of the delegation layer. */
class DelegatingWrapperContractTest {

    /** A driver's own extension, reachable only through {@code unwrap}. */
    interface VendorConnection extends Connection {
    }

    interface VendorCallableStatement extends CallableStatement {
    }

    interface VendorResultSet extends ResultSet {
    }

    interface VendorDatabaseMetaData extends DatabaseMetaData {
    }

    /** Implemented by neither the wrapper nor the delegate. */
    interface Unrelated {
    }

    private final List<String> delegateCalls = new ArrayList<>();

    @Test
    void connectionAnswersForItselfAndReachesTheVendorInterface() throws SQLException {
        VendorConnection delegate = vendorDelegate(VendorConnection.class);
        TestConnection wrapper = new TestConnection(delegate);

        assertThat(wrapper.unwrap(Connection.class)).isSameAs(wrapper);
        assertThat(wrapper.unwrap(DelegatingConnection.class)).isSameAs(wrapper);
        assertThat(wrapper.unwrap(Wrapper.class)).isSameAs(wrapper);
        assertThat(wrapper.isWrapperFor(Connection.class)).isTrue();
        assertThat(wrapper.isWrapperFor(AutoCloseable.class)).isTrue();
        assertThat(delegateCalls).as("answered by the wrapper alone").isEmpty();

        assertThat(wrapper.unwrap(VendorConnection.class)).isSameAs(delegate);
        assertThat(wrapper.isWrapperFor(VendorConnection.class)).isTrue();
        assertThat(delegateCalls).containsExactly(
                "unwrap(" + VendorConnection.class.getName() + ")",
                "isWrapperFor(" + VendorConnection.class.getName() + ")");
    }

    @Test
    void callableStatementAnswersForEveryStatementTypeAndReachesTheVendorInterface()
            throws SQLException {
        VendorCallableStatement delegate = vendorDelegate(VendorCallableStatement.class);
        DataSourceMetrics metrics = DataSourceMetrics.create("contract",
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), MetricsConfig.defaults());
        MeteredConnection connection = (MeteredConnection) MeteredConnection.wrapPhysical(
                RecordingDelegate.create(java.sql.Connection.class, new java.util.ArrayList<>()), metrics);
        MeteredCallableStatement wrapper = new MeteredCallableStatement(delegate, connection, "{call p()}");

        assertThat(wrapper.unwrap(Statement.class)).isSameAs(wrapper);
        assertThat(wrapper.unwrap(PreparedStatement.class)).isSameAs(wrapper);
        assertThat(wrapper.unwrap(CallableStatement.class)).isSameAs(wrapper);
        assertThat(wrapper.unwrap(DelegatingStatement.class)).isSameAs(wrapper);
        assertThat(wrapper.isWrapperFor(PreparedStatement.class)).isTrue();
        assertThat(delegateCalls).isEmpty();

        assertThat(wrapper.unwrap(VendorCallableStatement.class)).isSameAs(delegate);
        assertThat(wrapper.isWrapperFor(VendorCallableStatement.class)).isTrue();
        assertThat(delegateCalls).hasSize(2);
    }

    @Test
    void resultSetAndMetaDataReachTheVendorInterface() throws SQLException {
        VendorResultSet resultSet = vendorDelegate(VendorResultSet.class);
        VendorDatabaseMetaData metaData = vendorDelegate(VendorDatabaseMetaData.class);
        TestResultSet resultSetWrapper = new TestResultSet(resultSet);
        TestDatabaseMetaData metaDataWrapper = new TestDatabaseMetaData(metaData);

        assertThat(resultSetWrapper.unwrap(ResultSet.class)).isSameAs(resultSetWrapper);
        assertThat(metaDataWrapper.unwrap(DatabaseMetaData.class)).isSameAs(metaDataWrapper);
        assertThat(resultSetWrapper.unwrap(VendorResultSet.class)).isSameAs(resultSet);
        assertThat(metaDataWrapper.unwrap(VendorDatabaseMetaData.class)).isSameAs(metaData);
    }

    @Test
    void unrelatedInterfaceIsRefusedByTheDelegateWithItsOwnException() throws SQLException {
        TestConnection wrapper = new TestConnection(vendorDelegate(VendorConnection.class));

        assertThat(wrapper.isWrapperFor(Unrelated.class)).isFalse();
        assertThatThrownBy(() -> wrapper.unwrap(Unrelated.class))
                .isExactlyInstanceOf(SQLException.class)
                .hasMessage("vendor delegate does not wrap " + Unrelated.class.getName());
    }

    @Test
    void toStringNamesTheWrapperClassAndTheDelegate() {
        VendorConnection delegate = vendorDelegate(VendorConnection.class);

        assertThat(new TestConnection(delegate))
                .hasToString("TestConnection[vendor VendorConnection]");
    }

    @Test
    void nullDelegateIsRejectedByName() {
        assertThatThrownBy(() -> new TestConnection(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("delegate");
    }

    /**
     * A delegate that behaves like a driver object implementing a vendor interface: it unwraps to
     * itself, refuses anything else, and records these calls.
     */
    private <T> T vendorDelegate(Class<T> vendorInterface) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "vendor " + vendorInterface.getSimpleName();
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "isWrapperFor":
                    delegateCalls.add("isWrapperFor(" + ((Class<?>) args[0]).getName() + ")");
                    return ((Class<?>) args[0]).isInstance(proxy);
                case "unwrap":
                    Class<?> wanted = (Class<?>) args[0];
                    delegateCalls.add("unwrap(" + wanted.getName() + ")");
                    if (wanted.isInstance(proxy)) {
                        return proxy;
                    }
                    throw new SQLException("vendor delegate does not wrap " + wanted.getName());
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        };
        return vendorInterface.cast(Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {vendorInterface}, handler));
    }
}
