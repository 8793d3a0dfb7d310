package dev.jdbcmetrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters a careful user would hand-write into a p6spy or datasource-proxy listener to get
 * the closest equivalent of jdbc-metrics' query metrics: executions, failures, a duration
 * histogram with the same buckets, rows returned and rows affected, tagged by data source,
 * operation and table. Meters are resolved once per distinct SQL string and cached, which is
 * the cheapest thing such a listener can do (one map look-up per execution).
 */
final class PeerQueryMeters {

    /** jdbc-metrics' default {@code db_query_duration_seconds} buckets. */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String dataSource;
    private final ConcurrentHashMap<String, StatementMeters> bySql = new ConcurrentHashMap<>();
    private final Counter rowsReturned;

    PeerQueryMeters(MeterRegistry registry, String dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
        // Listeners see rows without their statement's SQL, so rows are counted per data source.
        this.rowsReturned = Counter.builder("db.rows.returned")
                .description("Rows read through ResultSet.next()")
                .tags("datasource", dataSource)
                .register(registry);
    }

    /** Records one execution of {@code sql}; {@code rowsAffected} below 0 means none reported. */
    void executed(String sql, long nanos, Throwable failure, long rowsAffected) {
        StatementMeters meters = bySql.get(sql);
        if (meters == null) {
            meters = bySql.computeIfAbsent(sql, this::register);
        }
        meters.executed.increment();
        if (failure == null) {
            meters.success.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            meters.error.record(nanos, TimeUnit.NANOSECONDS);
            Counter.builder("db.queries.failed").tags(meters.tags).register(registry).increment();
        }
        if (rowsAffected > 0) {
            meters.rowsAffected.increment(rowsAffected);
        }
    }

    /** Counts one row read. */
    void rowReturned() {
        rowsReturned.increment();
    }

    private StatementMeters register(String sql) {
        Tags tags = Tags.of("datasource", dataSource, "operation", operation(sql), "table", table(sql));
        return new StatementMeters(
                tags,
                Counter.builder("db.queries.executed").tags(tags).register(registry),
                timer(tags, "success"),
                timer(tags, "error"),
                Counter.builder("db.rows.affected").tags(tags).register(registry));
    }

    private Timer timer(Tags tags, String outcome) {
        return Timer.builder("db.query.duration")
                .tags(tags).tag("outcome", outcome)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }

    /** The first keyword, as jdbc-metrics labels it. */
    static String operation(String sql) {
        String first = words(sql)[0].toLowerCase(Locale.ROOT);
        return switch (first) {
            case "select", "insert", "update", "delete", "merge", "call" -> first;
            case "create", "alter", "drop", "truncate" -> "ddl";
            default -> "other";
        };
    }

    /** The word after the first FROM, INTO or UPDATE, lower-cased, or {@code none}. */
    static String table(String sql) {
        String[] words = words(sql);
        for (int i = 0; i < words.length - 1; i++) {
            String word = words[i].toLowerCase(Locale.ROOT);
            if (word.equals("from") || word.equals("into") || word.equals("update")) {
                return words[i + 1].toLowerCase(Locale.ROOT);
            }
        }
        return "none";
    }

    private static String[] words(String sql) {
        return sql.strip().split("\\s+");
    }

    private record StatementMeters(Tags tags, Counter executed, Timer success, Timer error,
                                   Counter rowsAffected) {
    }
}
