package dev.jdbcmetrics.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What jdbc-metrics measures and how: immutable, built with {@link #builder()}.
 *
 * <pre>{@code
 * MetricsConfig config = MetricsConfig.builder()
 *         .slowQueryThreshold(Duration.ofMillis(500))
 *         .maxTables(50)
 *         .build();
 * }</pre>
 */
public final class MetricsConfig {

    /**
     * The default buckets of {@code db_query_duration_seconds}, in seconds: from half a millisecond,
     * so that a healthy point query (0.2–1 ms) is resolved, to 10 s, in 14 buckets.
     */
    public static final double[] DEFAULT_DURATION_BUCKETS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /**
     * The default of {@link Builder#maxSeries(int)}: 10,000 series per datasource, about 200
     * operation and table pairs with the default buckets.
     */
    public static final int DEFAULT_MAX_SERIES = 10_000;

    /** The buckets of {@code db_query_rows}. */
    public static final double[] ROW_BUCKETS = {1, 10, 100, 1000, 10000, 100000};

    private static final MetricsConfig DEFAULTS = builder().build();

    private final Duration slowQueryThreshold;
    private final double[] durationBuckets;
    private final int maxTables;
    private final int maxSeries;
    private final boolean tableLabel;
    private final int statementTop;
    private final Duration leakThreshold;
    private final boolean nativeHistograms;
    private final Naming naming;
    private final int sqlCacheSize;
    private final int maxCachedSqlLength;

    private MetricsConfig(Builder builder) {
        this.slowQueryThreshold = builder.slowQueryThreshold;
        this.durationBuckets = builder.durationBuckets.clone();
        this.maxTables = builder.maxTables;
        this.maxSeries = builder.maxSeries;
        this.tableLabel = builder.tableLabel;
        this.statementTop = builder.statementTop;
        this.leakThreshold = builder.leakThreshold;
        this.nativeHistograms = builder.nativeHistograms;
        this.naming = builder.naming;
        this.sqlCacheSize = builder.sqlCacheSize;
        this.maxCachedSqlLength = builder.maxCachedSqlLength;
    }

    /** The defaults: every setting of {@link Builder} at its stated default. */
    public static MetricsConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Executions at least this slow count in {@code db_slow_queries_total} and are logged. */
    public Duration slowQueryThreshold() {
        return slowQueryThreshold;
    }

    /** The upper bounds of the query duration histogram, in seconds, ascending. */
    public double[] durationBuckets() {
        return durationBuckets.clone();
    }

    /** Distinct {@code table} label values per datasource before the rest become {@code other}. */
    public int maxTables() {
        return maxTables;
    }

    /**
     * The most series one datasource publishes; label combinations past it record into
     * {@code operation="other", table="other"} and count in {@code db_series_overflow_total}.
     */
    public int maxSeries() {
        return maxSeries;
    }

    /** Whether query metrics carry the {@code table} label. */
    public boolean tableLabel() {
        return tableLabel;
    }

    /**
     * How many statements per datasource keep per-statement series (the heaviest by total
     * execution time); 0 when statement mode is off.
     */
    public int statementTop() {
        return statementTop;
    }

    /** Connections held longer than this are counted as leaks; {@link Duration#ZERO} when off. */
    public Duration leakThreshold() {
        return leakThreshold;
    }

    /** Whether the duration histograms are also kept as Prometheus native histograms. */
    public boolean nativeHistograms() {
        return nativeHistograms;
    }

    /** Which metric names and labels are published. */
    public Naming naming() {
        return naming;
    }

    /** How many distinct SQL strings per datasource keep their analysis cached. */
    public int sqlCacheSize() {
        return sqlCacheSize;
    }

    /** SQL longer than this is analysed each time, never cached (bounds the cache's memory). */
    public int maxCachedSqlLength() {
        return maxCachedSqlLength;
    }

    @Override
    public String toString() {
        return "MetricsConfig[slowQueryThreshold=" + slowQueryThreshold
                + ", durationBuckets=" + Arrays.toString(durationBuckets)
                + ", maxTables=" + maxTables + ", maxSeries=" + maxSeries + ", tableLabel=" + tableLabel
                + ", statementTop=" + statementTop + ", leakThreshold=" + leakThreshold
                + ", nativeHistograms=" + nativeHistograms + ", naming=" + naming
                + ", sqlCacheSize=" + sqlCacheSize + ", maxCachedSqlLength=" + maxCachedSqlLength + "]";
    }

    /** Builds a {@link MetricsConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private Duration slowQueryThreshold = Duration.ofSeconds(1);
        private double[] durationBuckets = DEFAULT_DURATION_BUCKETS;
        private int maxTables = 100;
        private int maxSeries = DEFAULT_MAX_SERIES;
        private boolean tableLabel = true;
        private int statementTop;
        private Duration leakThreshold = Duration.ZERO;
        private boolean nativeHistograms;
        private Naming naming = Naming.PROMETHEUS;
        private int sqlCacheSize = 2048;
        private int maxCachedSqlLength = 4096;

        private Builder() {
        }

        /** Optional: the slow-query threshold. Default 1 s. Must be positive. */
        public Builder slowQueryThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "slowQueryThreshold");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("slowQueryThreshold must be positive, was " + threshold);
            }
            this.slowQueryThreshold = threshold;
            return this;
        }

        /**
         * Optional: the query duration histogram's bucket upper bounds in seconds. Default
         * {@link #DEFAULT_DURATION_BUCKETS} (0.0005 to 10). Must be positive and strictly ascending.
         */
        public Builder durationBuckets(double... seconds) {
            Objects.requireNonNull(seconds, "durationBuckets");
            if (seconds.length == 0) {
                throw new IllegalArgumentException("durationBuckets must not be empty");
            }
            for (int i = 0; i < seconds.length; i++) {
                if (!(seconds[i] > 0) || Double.isInfinite(seconds[i])
                        || (i > 0 && seconds[i] <= seconds[i - 1])) {
                    throw new IllegalArgumentException(
                            "durationBuckets must be positive, finite and strictly ascending, was "
                                    + Arrays.toString(seconds));
                }
            }
            this.durationBuckets = seconds.clone();
            return this;
        }

        /** Optional: distinct {@code table} values per datasource. Default 100. At least 1. */
        public Builder maxTables(int maxTables) {
            if (maxTables < 1) {
                throw new IllegalArgumentException("maxTables must be at least 1, was " + maxTables);
            }
            this.maxTables = maxTables;
            return this;
        }

        /**
         * Optional: the most series one datasource may publish, counted as the Prometheus text
         * exposition shows them (a histogram is its buckets plus 3). Default
         * {@value #DEFAULT_MAX_SERIES}. Label combinations past it record into
         * {@code operation="other", table="other"} (totals stay exact) and count in
         * {@code db_series_overflow_total}. Must hold at least the datasource's fixed series and
         * that overflow group: {@code build()} refuses less, naming the minimum.
         */
        public Builder maxSeries(int maxSeries) {
            this.maxSeries = maxSeries;
            return this;
        }

        /**
         * Optional: whether query metrics carry the {@code table} label. Default true. All
         * datasources sharing one registry must agree, since a metric has one set of labels.
         */
        public Builder tableLabel(boolean tableLabel) {
            this.tableLabel = tableLabel;
            return this;
        }

        /**
         * Optional: turns statement mode on, keeping per-statement series for the {@code top}
         * heaviest normalised statements of each datasource by total execution time. Default 0 (off).
         */
        public Builder statementTop(int top) {
            if (top < 0) {
                throw new IllegalArgumentException("statementTop must not be negative, was " + top);
            }
            this.statementTop = top;
            return this;
        }

        /**
         * Optional: also keep the duration histograms as Prometheus native histograms, served in
         * the protobuf exposition when the scraper asks for it; the classic buckets stay. Default false.
         */
        public Builder nativeHistograms(boolean nativeHistograms) {
            this.nativeHistograms = nativeHistograms;
            return this;
        }

        /** Optional: the metric names and labels to publish. Default {@link Naming#PROMETHEUS}. */
        public Builder naming(Naming naming) {
            this.naming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        /** Optional: the connection leak threshold. Default {@link Duration#ZERO} (off). */
        public Builder leakThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "leakThreshold");
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("leakThreshold must not be negative, was " + threshold);
            }
            this.leakThreshold = threshold;
            return this;
        }

        /** Optional: SQL strings per datasource whose analysis is cached. Default 2048. */
        public Builder sqlCacheSize(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("sqlCacheSize must be at least 1, was " + entries);
            }
            this.sqlCacheSize = entries;
            return this;
        }

        /** Optional: the longest SQL string that is cached. Default 4096 characters. */
        public Builder maxCachedSqlLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxCachedSqlLength must be at least 1, was " + chars);
            }
            this.maxCachedSqlLength = chars;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException if {@code maxSeries} cannot hold the fixed series and
         *                                  the overflow group with these buckets
         */
        public MetricsConfig build() {
            return build("maxSeries");
        }

        /** As {@link #build()}, naming the series cap as {@code maxSeriesKey} when refusing it. */
        MetricsConfig build(String maxSeriesKey) {
            MetricsConfig config = new MetricsConfig(this);
            int minimum = SeriesBudget.minimum(config);
            if (maxSeries < minimum) {
                throw new IllegalArgumentException(maxSeriesKey + " must be at least " + minimum
                        + " (the datasource's fixed series and one overflow group with these buckets), was "
                        + maxSeries);
            }
            return config;
        }
    }
}
