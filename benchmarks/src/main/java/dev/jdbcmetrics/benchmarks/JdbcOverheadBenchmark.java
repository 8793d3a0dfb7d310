package dev.jdbcmetrics.benchmarks;

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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What each tool adds to a JDBC round trip through HikariCP (max 4 connections) over in-memory
 * H2, one thread. One op = getConnection + prepareStatement + bind + execute + read all rows +
 * close. {@code raw} is the baseline; every other {@link Tool} records the closest equivalent
 * of jdbc-metrics' metrics. {@link JdbcOverheadTwoThreadsBenchmark} runs the same with two
 * threads. Results, machine and command: {@code docs/benchmarks.md}.
 *
 * <p>Point SELECT, one thread, 2026-11-27 on 2 cores (Firecracker VM, AMD EPYC), JDK 17, five
 * forks ({@code -f 5 -wi 3 -i 5 -w 2s -r 2s}); overhead against raw in the same run. The wrappers'
 * cost without H2's noise: {@link WrapperOverheadBenchmark}.
 * <table>
 *   <caption>pointSelect overhead against raw HikariCP</caption>
 *   <tr><th>tool</th><th>ns/op</th><th>overhead ns</th><th>overhead B/op</th></tr>
 *   <tr><td>raw</td><td>1,172 ± 100</td><td>—</td><td>—</td></tr>
 *   <tr><td>hikari-micrometer</td><td>1,226 ± 58</td><td>+54</td><td>−6</td></tr>
 *   <tr><td>jdbc-metrics</td><td>1,354 ± 98</td><td>+182</td><td>+144</td></tr>
 *   <tr><td>jdbc-metrics-url</td><td>1,204 ± 58</td><td>+33</td><td>+155</td></tr>
 *   <tr><td>p6spy</td><td>1,552 ± 110</td><td>+380</td><td>+531</td></tr>
 * </table>
 * The other tools, one fork: datasource-proxy +1,373, with rows +2,292, datasource-micrometer
 * +8,687, otel +1,261 ns ({@code docs/benchmarks.md}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcOverheadBenchmark {

    @Param({"raw", "hikari-micrometer", "jdbc-metrics", "jdbc-metrics-tracker", "jdbc-metrics-simple",
            "jdbc-metrics-url", "jdbc-metrics-url-pool", "p6spy",
        "datasource-proxy", "datasource-proxy-rows", "datasource-micrometer", "otel"})
    public String tool;

    private Workbench workbench;
    private DataSource dataSource;

    @Setup(Level.Trial)
    public void open() {
        workbench = Workbench.open(Tool.of(tool));
        dataSource = workbench.dataSource();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        workbench.close();
    }

    @Benchmark
    public long pointSelect(Ids ids) throws SQLException {
        return Workloads.pointSelect(dataSource, ids.next(1));
    }

    @Benchmark
    public long tenRowSelect(Ids ids) throws SQLException {
        return Workloads.tenRowSelect(dataSource, ids.next(10));
    }

    @Benchmark
    public int update(Ids ids) throws SQLException {
        return Workloads.update(dataSource, ids.next(1));
    }

    @Benchmark
    public int batch100(Ids ids) throws SQLException {
        return Workloads.batch100(dataSource, ids.next(Workloads.BATCH_SIZE));
    }

    /**
     * The ids one thread works on: a slice of its own, so that two threads never wait on each
     * other's row locks in H2 and any contention measured is the tool's.
     */
    @State(Scope.Thread)
    public static class Ids {
        static final int SLICE = 2_000;

        private int first;
        private int offset;

        @Setup(Level.Trial)
        public void assign(ThreadParams params) {
            int index = params.getThreadIndex();
            if ((index + 1) * SLICE > BenchDatabase.ROWS) {
                throw new IllegalStateException("At most " + BenchDatabase.ROWS / SLICE
                        + " threads are supported (each needs its own " + SLICE + " rows); got "
                        + params.getThreadCount());
            }
            first = 1 + index * SLICE;
        }

        /** The first of {@code span} consecutive ids in this thread's slice, moving on each call. */
        int next(int span) {
            if (offset + span > SLICE) {
                offset = 0;
            }
            int id = first + offset;
            offset += span;
            return id;
        }
    }
}
