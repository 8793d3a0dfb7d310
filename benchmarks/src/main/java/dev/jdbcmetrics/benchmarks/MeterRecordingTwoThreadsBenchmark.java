package dev.jdbcmetrics.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link MeterRecordingBenchmark} with two threads recording into the same meters: where a
 * meter's shared state is contended, the time per op grows well past the one-thread figure.
 */
@Threads(2)
public class MeterRecordingTwoThreadsBenchmark extends MeterRecordingBenchmark {
}
