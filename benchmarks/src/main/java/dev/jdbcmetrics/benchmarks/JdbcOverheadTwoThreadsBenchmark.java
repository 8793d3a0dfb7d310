package dev.jdbcmetrics.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link JdbcOverheadBenchmark} with two threads sharing one pool and one set of meters: on a
 * two-core machine a time per op close to the one-thread figure means no contention.
 */
@Threads(2)
public class JdbcOverheadTwoThreadsBenchmark extends JdbcOverheadBenchmark {
}
