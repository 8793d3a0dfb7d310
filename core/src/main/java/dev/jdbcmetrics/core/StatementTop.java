package dev.jdbcmetrics.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Statement mode's ranking for one datasource: which statements (by fingerprint) hold the
 * {@code db_statement_*} series, namely the top N by total execution time.
 *
 * <p>Memory is bounded whatever the number of distinct statements: at most {@link #capacity()}
 * candidates are kept (4 N), N of them with series. A statement seen for the first time always
 * becomes a candidate, taking the place of the candidate outside the top N with the least total
 * time (as in the Space-Saving heavy-hitters algorithm), so a heavy statement that appears late
 * is ranked like any other. A candidate whose total passes the smallest total in the top N by
 * more than an eighth takes that one's place: the one that leaves loses its series and is
 * counted in {@code db_statement_evicted_total}. The eighth keeps two statements of about the
 * same weight from swapping their series on every scrape.
 *
 * <p>Ranking happens when a statement crosses one of two bars (volatile snapshots taken at the
 * last ranking), under this object's lock: the top N record with no check at all, the others
 * compare their total with a bar, which they pass rarely.
 */
final class StatementTop {

    /** A candidate must pass the smallest total of the top N by this fraction (1/8) to replace it. */
    private static final int HYSTERESIS_SHIFT = 3;

    private final int size;
    private final int capacity;
    private final Meters meters;
    private final MetricsConfig config;
    private final LongAdder evicted;
    private final SeriesBudget budget;
    private final int seriesPerStatement;
    private final Map<String, StatementMeters> candidates = new HashMap<>();
    private final List<StatementMeters> top = new ArrayList<>();
    /** The total a candidate outside the top N must pass to be ranked; 0 while the top N has room. */
    private volatile long promotionBar;
    /** The total a retired candidate must pass to come back into the table. */
    private volatile long admissionBar;

    StatementTop(int size, Meters meters, MetricsConfig config, SeriesBudget budget) {
        this.size = size;
        this.capacity = 4 * size;
        this.meters = meters;
        this.config = config;
        this.budget = budget;
        this.seriesPerStatement = SeriesBudget.statementSeries(config);
        budget.tryReserve(1); // the evicted counter: registered whatever the budget says, it is one series
        this.evicted = meters.counter(MeterNames.STATEMENT_EVICTED,
                "Statements that left the top N by total time, and with it their db_statement series",
                meters.tags());
    }

    /** The candidate of a fingerprint, created (and, while the top N has room, published) on first sight. */
    synchronized StatementMeters candidate(String fingerprint, String sql) {
        StatementMeters existing = candidates.get(fingerprint);
        if (existing != null) {
            return existing;
        }
        StatementMeters candidate = new StatementMeters(fingerprint, sql, this);
        if (candidates.size() >= capacity) {
            retire(lightestOutsideTop());
        }
        candidates.put(fingerprint, candidate);
        if (top.size() < size) {
            publish(candidate);
        }
        return candidate;
    }

    /**
     * Called by a statement outside the top N after each execution: ranks it when it passes its bar.
     *
     * @return the series the execution is to be recorded in when the statement entered the top N, else null
     */
    StatementSeries outsideTop(StatementMeters candidate) {
        long total = candidate.totalNanos();
        if (total > (candidate.retired ? admissionBar : promotionBar)) {
            return rank(candidate);
        }
        return null;
    }

    /** The candidates kept now (at most {@link #capacity()}). */
    synchronized int candidateCount() {
        return candidates.size();
    }

    /** How many candidates are kept at most. */
    int capacity() {
        return capacity;
    }

    /** The fingerprints that have series now. */
    synchronized List<String> topFingerprints() {
        List<String> fingerprints = new ArrayList<>(top.size());
        for (StatementMeters statement : top) {
            fingerprints.add(statement.fingerprint);
        }
        return fingerprints;
    }

    /** Removes every statement's series: the datasource is closing. */
    synchronized void close() {
        for (StatementMeters statement : top) {
            unpublish(statement);
        }
        top.clear();
        candidates.clear();
    }

    private synchronized StatementSeries rank(StatementMeters candidate) {
        StatementMeters statement = candidate;
        if (statement.mergedInto != null || statement.series != null) {
            return null; // ranked by another thread meanwhile, which recorded nothing for this execution
        }
        if (statement.retired && !admit(statement)) {
            return null;
        }
        statement = statement.mergedInto != null ? statement.mergedInto : statement;
        if (statement.series == null) {
            if (top.size() < size) {
                publish(statement);
            } else {
                StatementMeters lightest = lightestInTop();
                long bar = barAbove(lightest.totalNanos());
                if (statement.totalNanos() > bar) {
                    top.remove(lightest);
                    unpublish(lightest);
                    evicted.increment();
                    publish(statement);
                }
            }
        }
        if (statement.series == null && top.size() < size) {
            // The series budget refused it: only a swap with a statement of the top N can still happen.
            promotionBar = top.isEmpty() ? Long.MAX_VALUE : barAbove(lightestInTop().totalNanos());
        } else {
            promotionBar = top.size() < size ? 0 : barAbove(lightestInTop().totalNanos());
        }
        return statement.series;
    }

    /** A retired candidate passed the admission bar: back into the table, if it is heavier than the lightest. */
    private boolean admit(StatementMeters statement) {
        StatementMeters same = candidates.get(statement.fingerprint);
        if (same != null) {
            statement.mergeInto(same);
            return true;
        }
        if (candidates.size() >= capacity) {
            StatementMeters lightest = lightestOutsideTop();
            if (statement.totalNanos() <= lightest.totalNanos()) {
                admissionBar = lightest.totalNanos();
                return false;
            }
            retire(lightest);
        }
        statement.retired = false;
        candidates.put(statement.fingerprint, statement);
        return true;
    }

    private void retire(StatementMeters statement) {
        statement.retired = true;
        candidates.remove(statement.fingerprint);
        admissionBar = statement.totalNanos();
    }

    /** Gives {@code statement} its series, if the series budget holds them (else it stays a candidate). */
    private void publish(StatementMeters statement) {
        if (!budget.tryReserve(seriesPerStatement)) {
            return;
        }
        statement.series = StatementSeries.register(meters, config, statement.fingerprint, statement.sql);
        top.add(statement);
    }

    private void unpublish(StatementMeters statement) {
        StatementSeries series = statement.series;
        statement.series = null;
        if (series != null) {
            series.remove();
            budget.release(seriesPerStatement);
        }
    }

    // The table always holds 3 N candidates outside the top N when it is full (capacity 4 N).
    private StatementMeters lightestOutsideTop() {
        StatementMeters lightest = null;
        long least = Long.MAX_VALUE;
        for (StatementMeters statement : candidates.values()) {
            long total;
            if (statement.series == null && (total = statement.totalNanos()) < least) {
                lightest = statement;
                least = total;
            }
        }
        return lightest;
    }

    private StatementMeters lightestInTop() {
        StatementMeters lightest = top.get(0);
        for (StatementMeters statement : top) {
            if (statement.totalNanos() < lightest.totalNanos()) {
                lightest = statement;
            }
        }
        return lightest;
    }

    private static long barAbove(long total) {
        return total + (total >>> HYSTERESIS_SHIFT);
    }
}
