package dev.jdbcmetrics.core.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded, thread-safe {@code SQL -> V} cache, so that repeated SQL costs a map lookup
 * instead of a parse:
 * <pre>{@code
 * SqlAnalysisCache<SqlAnalysis> analyses = new SqlAnalysisCache<>(1000, 10_000, SqlAnalyzer::analyze);
 * SqlAnalysis analysis = analyses.get(sql);
 * }</pre>
 *
 * <p>A hit is one {@link ConcurrentHashMap#get} on the SQL string: no lock, no allocation
 * (a {@code String} caches its hash code). A miss runs the loader outside any lock, then
 * stores the value under a lock, so concurrent misses never push the size past
 * {@code maxEntries}. When the cache is full, it is cleared before the next store. That is
 * deliberately simple: applications run a small, fixed set of statements, which refills the
 * cache in one pass of misses; a workload with more distinct SQL than {@code maxEntries}
 * (generated SQL, inlined literals) gains little from any eviction policy, and memory stays
 * bounded either way. SQL longer than {@code maxSqlLength} is computed but never stored, so
 * a few huge statements cannot hold large strings alive.
 *
 * @param <V> what is cached per SQL string, e.g. {@link SqlAnalysis}
 */
public final class SqlAnalysisCache<V> {

    private final ConcurrentHashMap<String, V> entries;
    private final int maxEntries;
    private final int maxSqlLength;
    private final Function<String, ? extends V> loader;
    private final Object storeLock = new Object();

    /**
     * @param maxEntries   most SQL strings held at once; at least 1
     * @param maxSqlLength longest SQL that is stored; longer SQL is computed on every call; at least 0
     * @param loader       computes the value for SQL that is not cached; is given null for null
     *                     SQL; a null result is returned but not stored
     * @throws IllegalArgumentException if a bound is out of range or the loader is null
     */
    public SqlAnalysisCache(int maxEntries, int maxSqlLength, Function<String, ? extends V> loader) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxSqlLength < 0) {
            throw new IllegalArgumentException("maxSqlLength must not be negative, was " + maxSqlLength);
        }
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
        this.maxEntries = maxEntries;
        this.maxSqlLength = maxSqlLength;
        this.loader = loader;
    }

    /**
     * Returns the cached value for {@code sql}, computing and storing it on a miss.
     *
     * @param sql the SQL; may be null (then computed, never stored)
     * @return the loader's value for this SQL; the same instance while it stays cached
     */
    public V get(String sql) {
        if (sql == null) {
            return loader.apply(null);
        }
        V value = entries.get(sql);
        if (value != null) {
            return value;
        }
        return load(sql);
    }

    private V load(String sql) {
        V value = loader.apply(sql);
        if (value == null || sql.length() > maxSqlLength) {
            return value;
        }
        synchronized (storeLock) {
            V cached = entries.get(sql);
            if (cached != null) {
                return cached;
            }
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(sql, value);
        }
        return value;
    }

    /** The number of SQL strings stored now; never more than {@code maxEntries}. */
    public int size() {
        return entries.size();
    }
}
