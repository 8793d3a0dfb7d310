package dev.jdbcmetrics.benchmarks;

import dev.jdbcmetrics.benchmarks.stub.StubDriver;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each tool's wrappers cost with no database underneath: the {@link JdbcOverheadBenchmark}
 * round trips (getConnection + prepareStatement + bind + execute + read all rows + close, through
 * HikariCP with 4 connections, one thread) over {@link Backend#STUB}, the {@link StubDriver} that
 * does no I/O and answers from memory.
 *
 * <p>Why: over in-memory H2 a point SELECT costs about 1.1 µs and drifts by ±300 ns between
 * iterations on a 2-core VM, so an overhead of a few hundred ns, let alone a 30 ns improvement,
 * drowns in the database's noise. Without it, what is left is HikariCP's proxies, the tool's
 * wrappers and its recording, and the stub's few field reads; {@code raw} measures the first and
 * the last, so {@code tool - raw} is the tool's own cost. HikariCP's JMH suite measures its pool
 * the same way, over a stub driver. What this benchmark cannot show is anything that depends on
 * the database's time: how a tool's cost compares with a real query, and cache or JIT effects of
 * a driver doing real work; {@link JdbcOverheadBenchmark} shows those.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class WrapperOverheadBenchmark {

    @Param({"raw", "hikari-micrometer", "jdbc-metrics", "jdbc-metrics-tracker", "jdbc-metrics-simple",
            "jdbc-metrics-url", "jdbc-metrics-url-pool", "p6spy",
        "datasource-proxy", "datasource-proxy-rows", "datasource-micrometer", "otel"})
    public String tool;

    private Workbench workbench;
    private DataSource dataSource;

    @Setup(Level.Trial)
    public void open() {
        workbench = Workbench.open(Tool.of(tool), Backend.STUB);
        dataSource = workbench.dataSource();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        workbench.close();
    }

    /** One row; the ids move on each call so that no value is a constant. */
    @Benchmark
    public long pointSelect(JdbcOverheadBenchmark.Ids ids) throws SQLException {
        return Workloads.pointSelect(dataSource, ids.next(1));
    }

    /** Ten rows. */
    @Benchmark
    public long tenRowSelect(JdbcOverheadBenchmark.Ids ids) throws SQLException {
        return Workloads.tenRowSelect(dataSource, ids.next(10));
    }
}
