package dev.jdbcmetrics.benchmarks;

import dev.jdbcmetrics.benchmarks.stub.StubDriver;

/** What the pool's connections reach: the same pool settings and workloads over either. */
public enum Backend {
    /**
     * {@link BenchDatabase}: in-memory H2 with 10,000 rows, a real SQL engine (about 1.1 µs per
     * point SELECT on the reference machine, drifting by a few hundred ns between iterations).
     */
    H2,
    /**
     * {@link StubDriver}: no I/O and no SQL engine, rows made up from the bound ids with the
     * values H2 holds. What is left to measure is the pool and the wrappers.
     */
    STUB
}
