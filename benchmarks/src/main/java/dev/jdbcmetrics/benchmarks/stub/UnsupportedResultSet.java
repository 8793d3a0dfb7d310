package dev.jdbcmetrics.benchmarks.stub;

import static dev.jdbcmetrics.benchmarks.stub.StubDriver.unsupported;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * Every {@link ResultSet} method throws {@code SQLFeatureNotSupportedException("stub driver: <method>")};
 * the stub's classes override only what the workloads, HikariCP and the wrapping tools call.
 * Written out by a one-off generator from the JDK's interface, one method per line, so that
 * no reflection proxy sits on the measured path.
 */
abstract class UnsupportedResultSet implements ResultSet {

    @Override public boolean absolute(int a) throws SQLException { throw unsupported("absolute"); }
    @Override public void afterLast() throws SQLException { throw unsupported("afterLast"); }
    @Override public void beforeFirst() throws SQLException { throw unsupported("beforeFirst"); }
    @Override public void cancelRowUpdates() throws SQLException { throw unsupported("cancelRowUpdates"); }
    @Override public void clearWarnings() throws SQLException { throw unsupported("clearWarnings"); }
    @Override public void close() throws SQLException { throw unsupported("close"); }
    @Override public void deleteRow() throws SQLException { throw unsupported("deleteRow"); }
    @Override public int findColumn(String a) throws SQLException { throw unsupported("findColumn"); }
    @Override public boolean first() throws SQLException { throw unsupported("first"); }
    @Override public Array getArray(String a) throws SQLException { throw unsupported("getArray"); }
    @Override public Array getArray(int a) throws SQLException { throw unsupported("getArray"); }
    @Override public InputStream getAsciiStream(String a) throws SQLException { throw unsupported("getAsciiStream"); }
    @Override public InputStream getAsciiStream(int a) throws SQLException { throw unsupported("getAsciiStream"); }
    @Deprecated @Override public BigDecimal getBigDecimal(String a, int b) throws SQLException {
        throw unsupported("getBigDecimal");
    }
    @Override public BigDecimal getBigDecimal(String a) throws SQLException { throw unsupported("getBigDecimal"); }
    @Deprecated @Override public BigDecimal getBigDecimal(int a, int b) throws SQLException {
        throw unsupported("getBigDecimal");
    }
    @Override public BigDecimal getBigDecimal(int a) throws SQLException { throw unsupported("getBigDecimal"); }
    @Override public InputStream getBinaryStream(String a) throws SQLException { throw unsupported("getBinaryStream"); }
    @Override public InputStream getBinaryStream(int a) throws SQLException { throw unsupported("getBinaryStream"); }
    @Override public Blob getBlob(String a) throws SQLException { throw unsupported("getBlob"); }
    @Override public Blob getBlob(int a) throws SQLException { throw unsupported("getBlob"); }
    @Override public boolean getBoolean(String a) throws SQLException { throw unsupported("getBoolean"); }
    @Override public boolean getBoolean(int a) throws SQLException { throw unsupported("getBoolean"); }
    @Override public byte getByte(String a) throws SQLException { throw unsupported("getByte"); }
    @Override public byte getByte(int a) throws SQLException { throw unsupported("getByte"); }
    @Override public byte[] getBytes(String a) throws SQLException { throw unsupported("getBytes"); }
    @Override public byte[] getBytes(int a) throws SQLException { throw unsupported("getBytes"); }
    @Override public Reader getCharacterStream(String a) throws SQLException {
        throw unsupported("getCharacterStream");
    }
    @Override public Reader getCharacterStream(int a) throws SQLException { throw unsupported("getCharacterStream"); }
    @Override public Clob getClob(String a) throws SQLException { throw unsupported("getClob"); }
    @Override public Clob getClob(int a) throws SQLException { throw unsupported("getClob"); }
    @Override public int getConcurrency() throws SQLException { throw unsupported("getConcurrency"); }
    @Override public String getCursorName() throws SQLException { throw unsupported("getCursorName"); }
    @Override public Date getDate(String a, Calendar b) throws SQLException { throw unsupported("getDate"); }
    @Override public Date getDate(String a) throws SQLException { throw unsupported("getDate"); }
    @Override public Date getDate(int a, Calendar b) throws SQLException { throw unsupported("getDate"); }
    @Override public Date getDate(int a) throws SQLException { throw unsupported("getDate"); }
    @Override public double getDouble(String a) throws SQLException { throw unsupported("getDouble"); }
    @Override public double getDouble(int a) throws SQLException { throw unsupported("getDouble"); }
    @Override public int getFetchDirection() throws SQLException { throw unsupported("getFetchDirection"); }
    @Override public int getFetchSize() throws SQLException { throw unsupported("getFetchSize"); }
    @Override public float getFloat(String a) throws SQLException { throw unsupported("getFloat"); }
    @Override public float getFloat(int a) throws SQLException { throw unsupported("getFloat"); }
    @Override public int getHoldability() throws SQLException { throw unsupported("getHoldability"); }
    @Override public int getInt(String a) throws SQLException { throw unsupported("getInt"); }
    @Override public int getInt(int a) throws SQLException { throw unsupported("getInt"); }
    @Override public long getLong(String a) throws SQLException { throw unsupported("getLong"); }
    @Override public long getLong(int a) throws SQLException { throw unsupported("getLong"); }
    @Override public ResultSetMetaData getMetaData() throws SQLException { throw unsupported("getMetaData"); }
    @Override public Reader getNCharacterStream(String a) throws SQLException {
        throw unsupported("getNCharacterStream");
    }
    @Override public Reader getNCharacterStream(int a) throws SQLException { throw unsupported("getNCharacterStream"); }
    @Override public NClob getNClob(String a) throws SQLException { throw unsupported("getNClob"); }
    @Override public NClob getNClob(int a) throws SQLException { throw unsupported("getNClob"); }
    @Override public String getNString(String a) throws SQLException { throw unsupported("getNString"); }
    @Override public String getNString(int a) throws SQLException { throw unsupported("getNString"); }
    @Override public <T> T getObject(String a, Class<T> b) throws SQLException { throw unsupported("getObject"); }
    @Override public Object getObject(String a, Map<String, Class<?>> b) throws SQLException {
        throw unsupported("getObject");
    }
    @Override public Object getObject(String a) throws SQLException { throw unsupported("getObject"); }
    @Override public <T> T getObject(int a, Class<T> b) throws SQLException { throw unsupported("getObject"); }
    @Override public Object getObject(int a, Map<String, Class<?>> b) throws SQLException {
        throw unsupported("getObject");
    }
    @Override public Object getObject(int a) throws SQLException { throw unsupported("getObject"); }
    @Override public Ref getRef(String a) throws SQLException { throw unsupported("getRef"); }
    @Override public Ref getRef(int a) throws SQLException { throw unsupported("getRef"); }
    @Override public int getRow() throws SQLException { throw unsupported("getRow"); }
    @Override public RowId getRowId(String a) throws SQLException { throw unsupported("getRowId"); }
    @Override public RowId getRowId(int a) throws SQLException { throw unsupported("getRowId"); }
    @Override public SQLXML getSQLXML(String a) throws SQLException { throw unsupported("getSQLXML"); }
    @Override public SQLXML getSQLXML(int a) throws SQLException { throw unsupported("getSQLXML"); }
    @Override public short getShort(String a) throws SQLException { throw unsupported("getShort"); }
    @Override public short getShort(int a) throws SQLException { throw unsupported("getShort"); }
    @Override public Statement getStatement() throws SQLException { throw unsupported("getStatement"); }
    @Override public String getString(String a) throws SQLException { throw unsupported("getString"); }
    @Override public String getString(int a) throws SQLException { throw unsupported("getString"); }
    @Override public Time getTime(String a, Calendar b) throws SQLException { throw unsupported("getTime"); }
    @Override public Time getTime(String a) throws SQLException { throw unsupported("getTime"); }
    @Override public Time getTime(int a, Calendar b) throws SQLException { throw unsupported("getTime"); }
    @Override public Time getTime(int a) throws SQLException { throw unsupported("getTime"); }
    @Override public Timestamp getTimestamp(String a, Calendar b) throws SQLException {
        throw unsupported("getTimestamp");
    }
    @Override public Timestamp getTimestamp(String a) throws SQLException { throw unsupported("getTimestamp"); }
    @Override public Timestamp getTimestamp(int a, Calendar b) throws SQLException {
        throw unsupported("getTimestamp");
    }
    @Override public Timestamp getTimestamp(int a) throws SQLException { throw unsupported("getTimestamp"); }
    @Override public int getType() throws SQLException { throw unsupported("getType"); }
    @Override public URL getURL(String a) throws SQLException { throw unsupported("getURL"); }
    @Override public URL getURL(int a) throws SQLException { throw unsupported("getURL"); }
    @Deprecated @Override public InputStream getUnicodeStream(String a) throws SQLException {
        throw unsupported("getUnicodeStream");
    }
    @Deprecated @Override public InputStream getUnicodeStream(int a) throws SQLException {
        throw unsupported("getUnicodeStream");
    }
    @Override public SQLWarning getWarnings() throws SQLException { throw unsupported("getWarnings"); }
    @Override public void insertRow() throws SQLException { throw unsupported("insertRow"); }
    @Override public boolean isAfterLast() throws SQLException { throw unsupported("isAfterLast"); }
    @Override public boolean isBeforeFirst() throws SQLException { throw unsupported("isBeforeFirst"); }
    @Override public boolean isClosed() throws SQLException { throw unsupported("isClosed"); }
    @Override public boolean isFirst() throws SQLException { throw unsupported("isFirst"); }
    @Override public boolean isLast() throws SQLException { throw unsupported("isLast"); }
    @Override public boolean isWrapperFor(Class<?> a) throws SQLException { throw unsupported("isWrapperFor"); }
    @Override public boolean last() throws SQLException { throw unsupported("last"); }
    @Override public void moveToCurrentRow() throws SQLException { throw unsupported("moveToCurrentRow"); }
    @Override public void moveToInsertRow() throws SQLException { throw unsupported("moveToInsertRow"); }
    @Override public boolean next() throws SQLException { throw unsupported("next"); }
    @Override public boolean previous() throws SQLException { throw unsupported("previous"); }
    @Override public void refreshRow() throws SQLException { throw unsupported("refreshRow"); }
    @Override public boolean relative(int a) throws SQLException { throw unsupported("relative"); }
    @Override public boolean rowDeleted() throws SQLException { throw unsupported("rowDeleted"); }
    @Override public boolean rowInserted() throws SQLException { throw unsupported("rowInserted"); }
    @Override public boolean rowUpdated() throws SQLException { throw unsupported("rowUpdated"); }
    @Override public void setFetchDirection(int a) throws SQLException { throw unsupported("setFetchDirection"); }
    @Override public void setFetchSize(int a) throws SQLException { throw unsupported("setFetchSize"); }
    @Override public <T> T unwrap(Class<T> a) throws SQLException { throw unsupported("unwrap"); }
    @Override public void updateArray(String a, Array b) throws SQLException { throw unsupported("updateArray"); }
    @Override public void updateArray(int a, Array b) throws SQLException { throw unsupported("updateArray"); }
    @Override public void updateAsciiStream(String a, InputStream b, int c) throws SQLException {
        throw unsupported("updateAsciiStream");
    }
    @Override public void updateAsciiStream(String a, InputStream b, long c) throws SQLException {
        throw unsupported("updateAsciiStream");
    }
    @Override public void updateAsciiStream(String a, InputStream b) throws SQLException {
        throw unsupported("updateAsciiStream");
    }
    @Override public void updateAsciiStream(int a, InputStream b, int c) throws SQLException {
        throw unsupported("updateAsciiStream");
    }
    @Override public void updateAsciiStream(int a, InputStream b, long c) throws SQLException {
        throw unsupported("updateAsciiStream");
    }
    @Override public void updateAsciiStream(int a, InputStream b) throws SQLException {
        throw unsupported("updateAsciiStream");
    }
    @Override public void updateBigDecimal(String a, BigDecimal b) throws SQLException {
        throw unsupported("updateBigDecimal");
    }
    @Override public void updateBigDecimal(int a, BigDecimal b) throws SQLException {
        throw unsupported("updateBigDecimal");
    }
    @Override public void updateBinaryStream(String a, InputStream b, int c) throws SQLException {
        throw unsupported("updateBinaryStream");
    }
    @Override public void updateBinaryStream(String a, InputStream b, long c) throws SQLException {
        throw unsupported("updateBinaryStream");
    }
    @Override public void updateBinaryStream(String a, InputStream b) throws SQLException {
        throw unsupported("updateBinaryStream");
    }
    @Override public void updateBinaryStream(int a, InputStream b, int c) throws SQLException {
        throw unsupported("updateBinaryStream");
    }
    @Override public void updateBinaryStream(int a, InputStream b, long c) throws SQLException {
        throw unsupported("updateBinaryStream");
    }
    @Override public void updateBinaryStream(int a, InputStream b) throws SQLException {
        throw unsupported("updateBinaryStream");
    }
    @Override public void updateBlob(String a, InputStream b, long c) throws SQLException {
        throw unsupported("updateBlob");
    }
    @Override public void updateBlob(String a, InputStream b) throws SQLException { throw unsupported("updateBlob"); }
    @Override public void updateBlob(String a, Blob b) throws SQLException { throw unsupported("updateBlob"); }
    @Override public void updateBlob(int a, InputStream b, long c) throws SQLException {
        throw unsupported("updateBlob");
    }
    @Override public void updateBlob(int a, InputStream b) throws SQLException { throw unsupported("updateBlob"); }
    @Override public void updateBlob(int a, Blob b) throws SQLException { throw unsupported("updateBlob"); }
    @Override public void updateBoolean(String a, boolean b) throws SQLException { throw unsupported("updateBoolean"); }
    @Override public void updateBoolean(int a, boolean b) throws SQLException { throw unsupported("updateBoolean"); }
    @Override public void updateByte(String a, byte b) throws SQLException { throw unsupported("updateByte"); }
    @Override public void updateByte(int a, byte b) throws SQLException { throw unsupported("updateByte"); }
    @Override public void updateBytes(String a, byte[] b) throws SQLException { throw unsupported("updateBytes"); }
    @Override public void updateBytes(int a, byte[] b) throws SQLException { throw unsupported("updateBytes"); }
    @Override public void updateCharacterStream(String a, Reader b, int c) throws SQLException {
        throw unsupported("updateCharacterStream");
    }
    @Override public void updateCharacterStream(String a, Reader b, long c) throws SQLException {
        throw unsupported("updateCharacterStream");
    }
    @Override public void updateCharacterStream(String a, Reader b) throws SQLException {
        throw unsupported("updateCharacterStream");
    }
    @Override public void updateCharacterStream(int a, Reader b, int c) throws SQLException {
        throw unsupported("updateCharacterStream");
    }
    @Override public void updateCharacterStream(int a, Reader b, long c) throws SQLException {
        throw unsupported("updateCharacterStream");
    }
    @Override public void updateCharacterStream(int a, Reader b) throws SQLException {
        throw unsupported("updateCharacterStream");
    }
    @Override public void updateClob(String a, Reader b, long c) throws SQLException {
        throw unsupported("updateClob");
    }
    @Override public void updateClob(String a, Reader b) throws SQLException { throw unsupported("updateClob"); }
    @Override public void updateClob(String a, Clob b) throws SQLException { throw unsupported("updateClob"); }
    @Override public void updateClob(int a, Reader b, long c) throws SQLException { throw unsupported("updateClob"); }
    @Override public void updateClob(int a, Reader b) throws SQLException { throw unsupported("updateClob"); }
    @Override public void updateClob(int a, Clob b) throws SQLException { throw unsupported("updateClob"); }
    @Override public void updateDate(String a, Date b) throws SQLException { throw unsupported("updateDate"); }
    @Override public void updateDate(int a, Date b) throws SQLException { throw unsupported("updateDate"); }
    @Override public void updateDouble(String a, double b) throws SQLException { throw unsupported("updateDouble"); }
    @Override public void updateDouble(int a, double b) throws SQLException { throw unsupported("updateDouble"); }
    @Override public void updateFloat(String a, float b) throws SQLException { throw unsupported("updateFloat"); }
    @Override public void updateFloat(int a, float b) throws SQLException { throw unsupported("updateFloat"); }
    @Override public void updateInt(String a, int b) throws SQLException { throw unsupported("updateInt"); }
    @Override public void updateInt(int a, int b) throws SQLException { throw unsupported("updateInt"); }
    @Override public void updateLong(String a, long b) throws SQLException { throw unsupported("updateLong"); }
    @Override public void updateLong(int a, long b) throws SQLException { throw unsupported("updateLong"); }
    @Override public void updateNCharacterStream(String a, Reader b, long c) throws SQLException {
        throw unsupported("updateNCharacterStream");
    }
    @Override public void updateNCharacterStream(String a, Reader b) throws SQLException {
        throw unsupported("updateNCharacterStream");
    }
    @Override public void updateNCharacterStream(int a, Reader b, long c) throws SQLException {
        throw unsupported("updateNCharacterStream");
    }
    @Override public void updateNCharacterStream(int a, Reader b) throws SQLException {
        throw unsupported("updateNCharacterStream");
    }
    @Override public void updateNClob(String a, Reader b, long c) throws SQLException {
        throw unsupported("updateNClob");
    }
    @Override public void updateNClob(String a, Reader b) throws SQLException { throw unsupported("updateNClob"); }
    @Override public void updateNClob(String a, NClob b) throws SQLException { throw unsupported("updateNClob"); }
    @Override public void updateNClob(int a, Reader b, long c) throws SQLException { throw unsupported("updateNClob"); }
    @Override public void updateNClob(int a, Reader b) throws SQLException { throw unsupported("updateNClob"); }
    @Override public void updateNClob(int a, NClob b) throws SQLException { throw unsupported("updateNClob"); }
    @Override public void updateNString(String a, String b) throws SQLException { throw unsupported("updateNString"); }
    @Override public void updateNString(int a, String b) throws SQLException { throw unsupported("updateNString"); }
    @Override public void updateNull(String a) throws SQLException { throw unsupported("updateNull"); }
    @Override public void updateNull(int a) throws SQLException { throw unsupported("updateNull"); }
    @Override public void updateObject(String a, Object b, int c) throws SQLException {
        throw unsupported("updateObject");
    }
    @Override public void updateObject(String a, Object b, SQLType c, int d) throws SQLException {
        throw unsupported("updateObject");
    }
    @Override public void updateObject(String a, Object b, SQLType c) throws SQLException {
        throw unsupported("updateObject");
    }
    @Override public void updateObject(String a, Object b) throws SQLException { throw unsupported("updateObject"); }
    @Override public void updateObject(int a, Object b, int c) throws SQLException {
        throw unsupported("updateObject");
    }
    @Override public void updateObject(int a, Object b, SQLType c, int d) throws SQLException {
        throw unsupported("updateObject");
    }
    @Override public void updateObject(int a, Object b, SQLType c) throws SQLException {
        throw unsupported("updateObject");
    }
    @Override public void updateObject(int a, Object b) throws SQLException { throw unsupported("updateObject"); }
    @Override public void updateRef(String a, Ref b) throws SQLException { throw unsupported("updateRef"); }
    @Override public void updateRef(int a, Ref b) throws SQLException { throw unsupported("updateRef"); }
    @Override public void updateRow() throws SQLException { throw unsupported("updateRow"); }
    @Override public void updateRowId(String a, RowId b) throws SQLException { throw unsupported("updateRowId"); }
    @Override public void updateRowId(int a, RowId b) throws SQLException { throw unsupported("updateRowId"); }
    @Override public void updateSQLXML(String a, SQLXML b) throws SQLException { throw unsupported("updateSQLXML"); }
    @Override public void updateSQLXML(int a, SQLXML b) throws SQLException { throw unsupported("updateSQLXML"); }
    @Override public void updateShort(String a, short b) throws SQLException { throw unsupported("updateShort"); }
    @Override public void updateShort(int a, short b) throws SQLException { throw unsupported("updateShort"); }
    @Override public void updateString(String a, String b) throws SQLException { throw unsupported("updateString"); }
    @Override public void updateString(int a, String b) throws SQLException { throw unsupported("updateString"); }
    @Override public void updateTime(String a, Time b) throws SQLException { throw unsupported("updateTime"); }
    @Override public void updateTime(int a, Time b) throws SQLException { throw unsupported("updateTime"); }
    @Override public void updateTimestamp(String a, Timestamp b) throws SQLException {
        throw unsupported("updateTimestamp");
    }
    @Override public void updateTimestamp(int a, Timestamp b) throws SQLException {
        throw unsupported("updateTimestamp");
    }
    @Override public boolean wasNull() throws SQLException { throw unsupported("wasNull"); }
}
