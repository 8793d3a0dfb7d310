package dev.jdbcmetrics.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code System.nanoTime()} costs on this machine, and two in a row (a start and an
 * end). jdbc-metrics reads the clock five times per pooled query (acquire start and end, execute
 * start and end, close); where the clock source is not the TSC (e.g. kvm-clock, hpet) each read costs more.
 * {@code cat /sys/devices/system/clocksource/clocksource0/current_clocksource} names the source.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClockBenchmark {

    /** One read. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Two reads in a row, as a start and an end: the elapsed time between them. */
    @Benchmark
    public long nanoTimeTwice() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }
}
