package dev.jdbcmetrics.benchmarks;

import dev.jdbcmetrics.core.ConnectionMeters;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.QueryMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why jdbc-metrics records into meters of its own: the cost of one recording, with no JDBC
 * around it, for a Micrometer {@code Timer} with the 11 default duration buckets as SLOs, a
 * Micrometer {@code Counter}, our {@link QueryMeters#succeeded}, and everything we record for
 * one pooled point SELECT (acquire, query, one row, usage), both with our meters and with the
 * Micrometer meters we used before, and the same into a {@code SimpleMeterRegistry}, where our
 * histograms also record into Micrometer timers (the path of every registry but Prometheus').
 * All meters are shared by every thread, as in production;
 * {@link MeterRecordingTwoThreadsBenchmark} runs the same with two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MeterRecordingBenchmark {

    static final String SQL = "SELECT id, customer, amount FROM orders WHERE id = ?";

    /** Times of a point SELECT on H2 (see JdbcOverheadBenchmark): all land in the first bucket. */
    public long acquireNanos = 150;
    public long queryNanos = 600;
    public long usageNanos = 1_000;

    private PrometheusMeterRegistry registry;
    private Timer timer;
    private Counter counter;
    private DataSourceMetrics metrics;
    private QueryMeters query;
    private ConnectionMeters connections;
    private MicrometerQueryRecording micrometerRecording;
    private SimpleMeterRegistry simpleRegistry;
    private DataSourceMetrics simpleMetrics;
    private QueryMeters simpleQuery;
    private ConnectionMeters simpleConnections;

    @Setup
    public void register() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        timer = Timer.builder("bench.timer")
                .serviceLevelObjectives(durations(MetricsConfig.DEFAULT_DURATION_BUCKETS))
                .register(registry);
        counter = Counter.builder("bench.counter").register(registry);
        metrics = DataSourceMetrics.create("bench", registry, MetricsConfig.defaults());
        query = metrics.query(SQL);
        connections = metrics.connections();
        connections.measureBorrows();
        micrometerRecording = new MicrometerQueryRecording(registry);
        simpleRegistry = new SimpleMeterRegistry();
        simpleMetrics = DataSourceMetrics.create("bench", simpleRegistry, MetricsConfig.defaults());
        simpleQuery = simpleMetrics.query(SQL);
        simpleConnections = simpleMetrics.connections();
        simpleConnections.measureBorrows();
    }

    @TearDown
    public void close() {
        metrics.close();
        registry.close();
        simpleMetrics.close();
        simpleRegistry.close();
    }

    /** (a) Micrometer {@code Timer} with 11 SLO buckets. */
    @Benchmark
    public void micrometerTimer() {
        timer.record(queryNanos, TimeUnit.NANOSECONDS);
    }

    /** (b) Micrometer {@code Counter}. */
    @Benchmark
    public void micrometerCounter() {
        counter.increment();
    }

    /** (c) jdbc-metrics: one successful execution (executed counter, duration histogram, slow check). */
    @Benchmark
    public void querySucceeded() {
        query.succeeded(queryNanos, SQL);
    }

    /** (d) jdbc-metrics: everything recorded for one pooled point SELECT. */
    @Benchmark
    public void pooledQuery() {
        connections.acquireStarted();
        connections.acquired(acquireNanos);
        query.succeeded(queryNanos, SQL);
        query.resultSetRead(1);
        connections.released(usageNanos);
    }

    /**
     * (f) {@link #pooledQuery} into a {@code SimpleMeterRegistry}: the path of every registry but
     * Prometheus', our histograms plus the Micrometer timers and summary that mirror them.
     */
    @Benchmark
    public void pooledQuerySimpleRegistry() {
        simpleConnections.acquireStarted();
        simpleConnections.acquired(acquireNanos);
        simpleQuery.succeeded(queryNanos, SQL);
        simpleQuery.resultSetRead(1);
        simpleConnections.released(usageNanos);
    }

    /** (e) The same recordings as {@link #pooledQuery} into the Micrometer meters used before. */
    @Benchmark
    public void pooledQueryMicrometer() {
        micrometerRecording.pooledQuery(acquireNanos, queryNanos, usageNanos);
    }

    private static Duration[] durations(double[] seconds) {
        return Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
    }

    /**
     * The Micrometer meters jdbc-metrics recorded into before it had its own: timers with SLO
     * buckets for acquire, query and usage time, counters for executions and rows, a
     * distribution summary for rows per result set, and adders behind the lent-out and
     * waiting gauges.
     */
    static final class MicrometerQueryRecording {

        private final Timer acquire;
        private final Timer query;
        private final Timer usage;
        private final Counter executed;
        private final Counter rowsReturned;
        private final DistributionSummary rowsPerResultSet;
        private final LongAdder waiting = new LongAdder();
        private final LongAdder lentOut = new LongAdder();

        MicrometerQueryRecording(PrometheusMeterRegistry registry) {
            acquire = Timer.builder("before.connection.acquire")
                    .serviceLevelObjectives(durations(new double[] {
                        0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30}))
                    .register(registry);
            Duration[] usageBuckets = durations(new double[] {
                0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300});
            usage = Timer.builder("before.connection.usage").serviceLevelObjectives(usageBuckets)
                    .register(registry);
            query = Timer.builder("before.query.duration")
                    .serviceLevelObjectives(durations(MetricsConfig.DEFAULT_DURATION_BUCKETS))
                    .register(registry);
            executed = Counter.builder("before.queries.executed").register(registry);
            rowsReturned = Counter.builder("before.rows.returned").register(registry);
            rowsPerResultSet = DistributionSummary.builder("before.query.rows")
                    .serviceLevelObjectives(MetricsConfig.ROW_BUCKETS).register(registry);
        }

        void pooledQuery(long acquireNanos, long queryNanos, long usageNanos) {
            waiting.increment();
            waiting.decrement();
            lentOut.increment();
            acquire.record(acquireNanos, TimeUnit.NANOSECONDS);
            executed.increment();
            query.record(queryNanos, TimeUnit.NANOSECONDS);
            rowsReturned.increment(1);
            rowsPerResultSet.record(1);
            lentOut.decrement();
            usage.record(usageNanos, TimeUnit.NANOSECONDS);
        }
    }
}
