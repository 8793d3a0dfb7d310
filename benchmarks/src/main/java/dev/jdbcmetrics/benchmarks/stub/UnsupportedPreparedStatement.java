package dev.jdbcmetrics.benchmarks.stub;

import static dev.jdbcmetrics.benchmarks.stub.StubDriver.unsupported;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Every {@link PreparedStatement} method throws {@code SQLFeatureNotSupportedException("stub driver: <method>")};
 * the stub's classes override only what the workloads, HikariCP and the wrapping tools call.
 * Written out by a one-off generator from the JDK's interface, one method per line, so that
 * no reflection proxy sits on the measured path. The default methods that do useful work
 * ({@code enquoteLiteral} and its kin) are left as the JDK has them.
 */
abstract class UnsupportedPreparedStatement implements PreparedStatement {

    @Override public void addBatch() throws SQLException { throw unsupported("addBatch"); }
    @Override public void addBatch(String a) throws SQLException { throw unsupported("addBatch"); }
    @Override public void cancel() throws SQLException { throw unsupported("cancel"); }
    @Override public void clearBatch() throws SQLException { throw unsupported("clearBatch"); }
    @Override public void clearParameters() throws SQLException { throw unsupported("clearParameters"); }
    @Override public void clearWarnings() throws SQLException { throw unsupported("clearWarnings"); }
    @Override public void close() throws SQLException { throw unsupported("close"); }
    @Override public void closeOnCompletion() throws SQLException { throw unsupported("closeOnCompletion"); }
    @Override public boolean execute() throws SQLException { throw unsupported("execute"); }
    @Override public boolean execute(String a, int[] b) throws SQLException { throw unsupported("execute"); }
    @Override public boolean execute(String a, String[] b) throws SQLException { throw unsupported("execute"); }
    @Override public boolean execute(String a, int b) throws SQLException { throw unsupported("execute"); }
    @Override public boolean execute(String a) throws SQLException { throw unsupported("execute"); }
    @Override public int[] executeBatch() throws SQLException { throw unsupported("executeBatch"); }
    @Override public long[] executeLargeBatch() throws SQLException { throw unsupported("executeLargeBatch"); }
    @Override public long executeLargeUpdate() throws SQLException { throw unsupported("executeLargeUpdate"); }
    @Override public long executeLargeUpdate(String a, int[] b) throws SQLException {
        throw unsupported("executeLargeUpdate");
    }
    @Override public long executeLargeUpdate(String a, String[] b) throws SQLException {
        throw unsupported("executeLargeUpdate");
    }
    @Override public long executeLargeUpdate(String a, int b) throws SQLException {
        throw unsupported("executeLargeUpdate");
    }
    @Override public long executeLargeUpdate(String a) throws SQLException { throw unsupported("executeLargeUpdate"); }
    @Override public ResultSet executeQuery() throws SQLException { throw unsupported("executeQuery"); }
    @Override public ResultSet executeQuery(String a) throws SQLException { throw unsupported("executeQuery"); }
    @Override public int executeUpdate() throws SQLException { throw unsupported("executeUpdate"); }
    @Override public int executeUpdate(String a, int[] b) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public int executeUpdate(String a, String[] b) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public int executeUpdate(String a, int b) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public int executeUpdate(String a) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public Connection getConnection() throws SQLException { throw unsupported("getConnection"); }
    @Override public int getFetchDirection() throws SQLException { throw unsupported("getFetchDirection"); }
    @Override public int getFetchSize() throws SQLException { throw unsupported("getFetchSize"); }
    @Override public ResultSet getGeneratedKeys() throws SQLException { throw unsupported("getGeneratedKeys"); }
    @Override public long getLargeMaxRows() throws SQLException { throw unsupported("getLargeMaxRows"); }
    @Override public long getLargeUpdateCount() throws SQLException { throw unsupported("getLargeUpdateCount"); }
    @Override public int getMaxFieldSize() throws SQLException { throw unsupported("getMaxFieldSize"); }
    @Override public int getMaxRows() throws SQLException { throw unsupported("getMaxRows"); }
    @Override public ResultSetMetaData getMetaData() throws SQLException { throw unsupported("getMetaData"); }
    @Override public boolean getMoreResults() throws SQLException { throw unsupported("getMoreResults"); }
    @Override public boolean getMoreResults(int a) throws SQLException { throw unsupported("getMoreResults"); }
    @Override public ParameterMetaData getParameterMetaData() throws SQLException {
        throw unsupported("getParameterMetaData");
    }
    @Override public int getQueryTimeout() throws SQLException { throw unsupported("getQueryTimeout"); }
    @Override public ResultSet getResultSet() throws SQLException { throw unsupported("getResultSet"); }
    @Override public int getResultSetConcurrency() throws SQLException { throw unsupported("getResultSetConcurrency"); }
    @Override public int getResultSetHoldability() throws SQLException { throw unsupported("getResultSetHoldability"); }
    @Override public int getResultSetType() throws SQLException { throw unsupported("getResultSetType"); }
    @Override public int getUpdateCount() throws SQLException { throw unsupported("getUpdateCount"); }
    @Override public SQLWarning getWarnings() throws SQLException { throw unsupported("getWarnings"); }
    @Override public boolean isCloseOnCompletion() throws SQLException { throw unsupported("isCloseOnCompletion"); }
    @Override public boolean isClosed() throws SQLException { throw unsupported("isClosed"); }
    @Override public boolean isPoolable() throws SQLException { throw unsupported("isPoolable"); }
    @Override public boolean isWrapperFor(Class<?> a) throws SQLException { throw unsupported("isWrapperFor"); }
    @Override public void setArray(int a, Array b) throws SQLException { throw unsupported("setArray"); }
    @Override public void setAsciiStream(int a, InputStream b, int c) throws SQLException {
        throw unsupported("setAsciiStream");
    }
    @Override public void setAsciiStream(int a, InputStream b, long c) throws SQLException {
        throw unsupported("setAsciiStream");
    }
    @Override public void setAsciiStream(int a, InputStream b) throws SQLException {
        throw unsupported("setAsciiStream");
    }
    @Override public void setBigDecimal(int a, BigDecimal b) throws SQLException { throw unsupported("setBigDecimal"); }
    @Override public void setBinaryStream(int a, InputStream b, int c) throws SQLException {
        throw unsupported("setBinaryStream");
    }
    @Override public void setBinaryStream(int a, InputStream b, long c) throws SQLException {
        throw unsupported("setBinaryStream");
    }
    @Override public void setBinaryStream(int a, InputStream b) throws SQLException {
        throw unsupported("setBinaryStream");
    }
    @Override public void setBlob(int a, InputStream b, long c) throws SQLException { throw unsupported("setBlob"); }
    @Override public void setBlob(int a, InputStream b) throws SQLException { throw unsupported("setBlob"); }
    @Override public void setBlob(int a, Blob b) throws SQLException { throw unsupported("setBlob"); }
    @Override public void setBoolean(int a, boolean b) throws SQLException { throw unsupported("setBoolean"); }
    @Override public void setByte(int a, byte b) throws SQLException { throw unsupported("setByte"); }
    @Override public void setBytes(int a, byte[] b) throws SQLException { throw unsupported("setBytes"); }
    @Override public void setCharacterStream(int a, Reader b, int c) throws SQLException {
        throw unsupported("setCharacterStream");
    }
    @Override public void setCharacterStream(int a, Reader b, long c) throws SQLException {
        throw unsupported("setCharacterStream");
    }
    @Override public void setCharacterStream(int a, Reader b) throws SQLException {
        throw unsupported("setCharacterStream");
    }
    @Override public void setClob(int a, Reader b, long c) throws SQLException { throw unsupported("setClob"); }
    @Override public void setClob(int a, Reader b) throws SQLException { throw unsupported("setClob"); }
    @Override public void setClob(int a, Clob b) throws SQLException { throw unsupported("setClob"); }
    @Override public void setCursorName(String a) throws SQLException { throw unsupported("setCursorName"); }
    @Override public void setDate(int a, Date b, Calendar c) throws SQLException { throw unsupported("setDate"); }
    @Override public void setDate(int a, Date b) throws SQLException { throw unsupported("setDate"); }
    @Override public void setDouble(int a, double b) throws SQLException { throw unsupported("setDouble"); }
    @Override public void setEscapeProcessing(boolean a) throws SQLException {
        throw unsupported("setEscapeProcessing");
    }
    @Override public void setFetchDirection(int a) throws SQLException { throw unsupported("setFetchDirection"); }
    @Override public void setFetchSize(int a) throws SQLException { throw unsupported("setFetchSize"); }
    @Override public void setFloat(int a, float b) throws SQLException { throw unsupported("setFloat"); }
    @Override public void setInt(int a, int b) throws SQLException { throw unsupported("setInt"); }
    @Override public void setLargeMaxRows(long a) throws SQLException { throw unsupported("setLargeMaxRows"); }
    @Override public void setLong(int a, long b) throws SQLException { throw unsupported("setLong"); }
    @Override public void setMaxFieldSize(int a) throws SQLException { throw unsupported("setMaxFieldSize"); }
    @Override public void setMaxRows(int a) throws SQLException { throw unsupported("setMaxRows"); }
    @Override public void setNCharacterStream(int a, Reader b, long c) throws SQLException {
        throw unsupported("setNCharacterStream");
    }
    @Override public void setNCharacterStream(int a, Reader b) throws SQLException {
        throw unsupported("setNCharacterStream");
    }
    @Override public void setNClob(int a, Reader b, long c) throws SQLException { throw unsupported("setNClob"); }
    @Override public void setNClob(int a, Reader b) throws SQLException { throw unsupported("setNClob"); }
    @Override public void setNClob(int a, NClob b) throws SQLException { throw unsupported("setNClob"); }
    @Override public void setNString(int a, String b) throws SQLException { throw unsupported("setNString"); }
    @Override public void setNull(int a, int b, String c) throws SQLException { throw unsupported("setNull"); }
    @Override public void setNull(int a, int b) throws SQLException { throw unsupported("setNull"); }
    @Override public void setObject(int a, Object b, int c, int d) throws SQLException {
        throw unsupported("setObject");
    }
    @Override public void setObject(int a, Object b, int c) throws SQLException { throw unsupported("setObject"); }
    @Override public void setObject(int a, Object b, SQLType c, int d) throws SQLException {
        throw unsupported("setObject");
    }
    @Override public void setObject(int a, Object b, SQLType c) throws SQLException { throw unsupported("setObject"); }
    @Override public void setObject(int a, Object b) throws SQLException { throw unsupported("setObject"); }
    @Override public void setPoolable(boolean a) throws SQLException { throw unsupported("setPoolable"); }
    @Override public void setQueryTimeout(int a) throws SQLException { throw unsupported("setQueryTimeout"); }
    @Override public void setRef(int a, Ref b) throws SQLException { throw unsupported("setRef"); }
    @Override public void setRowId(int a, RowId b) throws SQLException { throw unsupported("setRowId"); }
    @Override public void setSQLXML(int a, SQLXML b) throws SQLException { throw unsupported("setSQLXML"); }
    @Override public void setShort(int a, short b) throws SQLException { throw unsupported("setShort"); }
    @Override public void setString(int a, String b) throws SQLException { throw unsupported("setString"); }
    @Override public void setTime(int a, Time b, Calendar c) throws SQLException { throw unsupported("setTime"); }
    @Override public void setTime(int a, Time b) throws SQLException { throw unsupported("setTime"); }
    @Override public void setTimestamp(int a, Timestamp b, Calendar c) throws SQLException {
        throw unsupported("setTimestamp");
    }
    @Override public void setTimestamp(int a, Timestamp b) throws SQLException { throw unsupported("setTimestamp"); }
    @Override public void setURL(int a, URL b) throws SQLException { throw unsupported("setURL"); }
    @Deprecated @Override public void setUnicodeStream(int a, InputStream b, int c) throws SQLException {
        throw unsupported("setUnicodeStream");
    }
    @Override public <T> T unwrap(Class<T> a) throws SQLException { throw unsupported("unwrap"); }
}
