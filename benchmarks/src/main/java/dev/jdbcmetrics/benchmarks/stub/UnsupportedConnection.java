package dev.jdbcmetrics.benchmarks.stub;

import static dev.jdbcmetrics.benchmarks.stub.StubDriver.unsupported;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Every {@link Connection} method throws {@code SQLFeatureNotSupportedException("stub driver: <method>")};
 * the stub's classes override only what the workloads, HikariCP and the wrapping tools call.
 * Written out by a one-off generator from the JDK's interface, one method per line, so that
 * no reflection proxy sits on the measured path. Default methods that do useful work
 * (e.g. {@code beginRequest}) are left as the JDK has them.
 */
abstract class UnsupportedConnection implements Connection {

    @Override public void abort(Executor a) throws SQLException { throw unsupported("abort"); }
    @Override public void clearWarnings() throws SQLException { throw unsupported("clearWarnings"); }
    @Override public void close() throws SQLException { throw unsupported("close"); }
    @Override public void commit() throws SQLException { throw unsupported("commit"); }
    @Override public Array createArrayOf(String a, Object[] b) throws SQLException {
        throw unsupported("createArrayOf");
    }
    @Override public Blob createBlob() throws SQLException { throw unsupported("createBlob"); }
    @Override public Clob createClob() throws SQLException { throw unsupported("createClob"); }
    @Override public NClob createNClob() throws SQLException { throw unsupported("createNClob"); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported("createSQLXML"); }
    @Override public Statement createStatement() throws SQLException { throw unsupported("createStatement"); }
    @Override public Statement createStatement(int a, int b, int c) throws SQLException {
        throw unsupported("createStatement");
    }
    @Override public Statement createStatement(int a, int b) throws SQLException {
        throw unsupported("createStatement");
    }
    @Override public Struct createStruct(String a, Object[] b) throws SQLException {
        throw unsupported("createStruct");
    }
    @Override public boolean getAutoCommit() throws SQLException { throw unsupported("getAutoCommit"); }
    @Override public String getCatalog() throws SQLException { throw unsupported("getCatalog"); }
    @Override public Properties getClientInfo() throws SQLException { throw unsupported("getClientInfo"); }
    @Override public String getClientInfo(String a) throws SQLException { throw unsupported("getClientInfo"); }
    @Override public int getHoldability() throws SQLException { throw unsupported("getHoldability"); }
    @Override public DatabaseMetaData getMetaData() throws SQLException { throw unsupported("getMetaData"); }
    @Override public int getNetworkTimeout() throws SQLException { throw unsupported("getNetworkTimeout"); }
    @Override public String getSchema() throws SQLException { throw unsupported("getSchema"); }
    @Override public int getTransactionIsolation() throws SQLException { throw unsupported("getTransactionIsolation"); }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { throw unsupported("getTypeMap"); }
    @Override public SQLWarning getWarnings() throws SQLException { throw unsupported("getWarnings"); }
    @Override public boolean isClosed() throws SQLException { throw unsupported("isClosed"); }
    @Override public boolean isReadOnly() throws SQLException { throw unsupported("isReadOnly"); }
    @Override public boolean isValid(int a) throws SQLException { throw unsupported("isValid"); }
    @Override public boolean isWrapperFor(Class<?> a) throws SQLException { throw unsupported("isWrapperFor"); }
    @Override public String nativeSQL(String a) throws SQLException { throw unsupported("nativeSQL"); }
    @Override public CallableStatement prepareCall(String a, int b, int c, int d) throws SQLException {
        throw unsupported("prepareCall");
    }
    @Override public CallableStatement prepareCall(String a, int b, int c) throws SQLException {
        throw unsupported("prepareCall");
    }
    @Override public CallableStatement prepareCall(String a) throws SQLException { throw unsupported("prepareCall"); }
    @Override public PreparedStatement prepareStatement(String a, int[] b) throws SQLException {
        throw unsupported("prepareStatement");
    }
    @Override public PreparedStatement prepareStatement(String a, String[] b) throws SQLException {
        throw unsupported("prepareStatement");
    }
    @Override public PreparedStatement prepareStatement(String a, int b, int c, int d) throws SQLException {
        throw unsupported("prepareStatement");
    }
    @Override public PreparedStatement prepareStatement(String a, int b, int c) throws SQLException {
        throw unsupported("prepareStatement");
    }
    @Override public PreparedStatement prepareStatement(String a, int b) throws SQLException {
        throw unsupported("prepareStatement");
    }
    @Override public PreparedStatement prepareStatement(String a) throws SQLException {
        throw unsupported("prepareStatement");
    }
    @Override public void releaseSavepoint(Savepoint a) throws SQLException { throw unsupported("releaseSavepoint"); }
    @Override public void rollback() throws SQLException { throw unsupported("rollback"); }
    @Override public void rollback(Savepoint a) throws SQLException { throw unsupported("rollback"); }
    @Override public void setAutoCommit(boolean a) throws SQLException { throw unsupported("setAutoCommit"); }
    @Override public void setCatalog(String a) throws SQLException { throw unsupported("setCatalog"); }
    @Override public void setClientInfo(String a, String b) throws SQLClientInfoException {
        throw new SQLClientInfoException("stub driver: setClientInfo", Map.of());
    }
    @Override public void setClientInfo(Properties a) throws SQLClientInfoException {
        throw new SQLClientInfoException("stub driver: setClientInfo", Map.of());
    }
    @Override public void setHoldability(int a) throws SQLException { throw unsupported("setHoldability"); }
    @Override public void setNetworkTimeout(Executor a, int b) throws SQLException {
        throw unsupported("setNetworkTimeout");
    }
    @Override public void setReadOnly(boolean a) throws SQLException { throw unsupported("setReadOnly"); }
    @Override public Savepoint setSavepoint() throws SQLException { throw unsupported("setSavepoint"); }
    @Override public Savepoint setSavepoint(String a) throws SQLException { throw unsupported("setSavepoint"); }
    @Override public void setSchema(String a) throws SQLException { throw unsupported("setSchema"); }
    @Override public void setShardingKey(ShardingKey a, ShardingKey b) throws SQLException {
        throw unsupported("setShardingKey");
    }
    @Override public void setShardingKey(ShardingKey a) throws SQLException { throw unsupported("setShardingKey"); }
    @Override public boolean setShardingKeyIfValid(ShardingKey a, int b) throws SQLException {
        throw unsupported("setShardingKeyIfValid");
    }
    @Override public boolean setShardingKeyIfValid(ShardingKey a, ShardingKey b, int c) throws SQLException {
        throw unsupported("setShardingKeyIfValid");
    }
    @Override public void setTransactionIsolation(int a) throws SQLException {
        throw unsupported("setTransactionIsolation");
    }
    @Override public void setTypeMap(Map<String, Class<?>> a) throws SQLException { throw unsupported("setTypeMap"); }
    @Override public <T> T unwrap(Class<T> a) throws SQLException { throw unsupported("unwrap"); }
}
