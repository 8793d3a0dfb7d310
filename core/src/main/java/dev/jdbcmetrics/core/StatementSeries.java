package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.LongAdder;

/**
 * The published series of one statement in the top N: {@code db_statement_info},
 * {@code db_statement_executed_total}, {@code db_statement_duration_seconds} and
 * {@code db_statement_rows_total}, registered together when it enters the top N and removed
 * together when it leaves. They count from the moment it entered.
 */
final class StatementSeries {

    final Histogram duration;
    final LongAdder rows;
    private final Meters group;

    private StatementSeries(Histogram duration, LongAdder rows, Meters group) {
        this.duration = duration;
        this.rows = rows;
        this.group = group;
    }

    static StatementSeries register(Meters meters, MetricsConfig config, String fingerprint, String sql) {
        Meters group = meters.group();
        Tags tags = meters.tags(MeterNames.TAG_FINGERPRINT, fingerprint);
        group.gauge(MeterNames.STATEMENT_INFO, "Maps a statement fingerprint to its normalised SQL",
                tags.and(MeterNames.TAG_SQL, sql), sql, s -> 1.0);
        Histogram duration = group.durationHistogram(MeterNames.STATEMENT_DURATION,
                "Wall time of one normalised statement", config.durationBuckets(), tags, config.nativeHistograms());
        group.counter(MeterNames.STATEMENT_EXECUTED, "Executions of one normalised statement", tags, duration,
                Histogram::count);
        LongAdder rows = group.counter(MeterNames.STATEMENT_ROWS, "Rows returned or affected by one normalised statement",
                tags);
        return new StatementSeries(duration, rows, group);
    }

    void remove() {
        group.removeAll();
    }
}
