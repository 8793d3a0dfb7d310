package dev.jdbcmetrics.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time (and, with {@code -prof gc}, allocation) to render {@code /metrics} text for 100, 1,000
 * and 10,000 series shaped like jdbc-metrics' query metrics ({@link ScrapeShapes}). The bytes
 * of each exposition are deterministic; the report computes them from the same shapes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScrapeBenchmark {

    @Param({"100", "1000", "10000"})
    public int series;

    private PrometheusMeterRegistry registry;

    @Setup
    public void fill() {
        registry = ScrapeShapes.registry(series);
    }

    @TearDown
    public void close() {
        registry.close();
    }

    @Benchmark
    public String scrape() {
        return registry.scrape();
    }
}
