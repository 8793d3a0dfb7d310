package dev.jdbcmetrics.benchmarks.report;

import dev.jdbcmetrics.benchmarks.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC overhead results arranged for reading: one {@link Workload} per benchmark method
 * and thread count, each tool's figures next to the raw baseline's.
 */
final class Overheads {

    /** Benchmark methods in the order the report shows them. */
    static final List<String> METHODS = List.of("pointSelect", "tenRowSelect", "update", "batch100");

    private final List<JmhResult> results;

    private Overheads(List<JmhResult> results, String classPrefix) {
        this.results = results.stream()
                .filter(r -> r.benchmarkClass().startsWith(classPrefix))
                .toList();
    }

    /** The round trips over H2 ({@code JdbcOverhead*Benchmark}): the main tables and the chart. */
    static Overheads onH2(List<JmhResult> results) {
        return new Overheads(results, "JdbcOverhead");
    }

    /** The round trips over the stub driver ({@code WrapperOverheadBenchmark}): the wrappers' cost alone. */
    static Overheads onStubDriver(List<JmhResult> results) {
        return new Overheads(results, "WrapperOverhead");
    }

    /** The thread counts present, ascending. */
    List<Integer> threadCounts() {
        return results.stream().map(JmhResult::threads).distinct().sorted().toList();
    }

    /** The workloads present, in {@link #METHODS} order, then by thread count. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (String method : METHODS) {
            for (int threads : threadCounts()) {
                List<JmhResult> rows = results.stream()
                        .filter(r -> r.method().equals(method) && r.threads() == threads)
                        .toList();
                if (!rows.isEmpty()) {
                    workloads.add(new Workload(method, threads, rows));
                }
            }
        }
        return workloads;
    }

    /** One benchmark method at one thread count. */
    record Workload(String method, int threads, List<JmhResult> rows) {

        /** The result for {@code tool}, if it ran. */
        Optional<JmhResult> result(Tool tool) {
            return rows.stream().filter(r -> r.param("tool").equals(tool.param())).findFirst();
        }

        /** Score minus the raw score, or {@code NaN} when either is missing. */
        double overheadNanos(Tool tool) {
            return difference(tool, JmhResult::score);
        }

        /** Allocation per op minus raw's, or {@code NaN} when either is missing. */
        double overheadBytes(Tool tool) {
            return difference(tool, JmhResult::bytesPerOp);
        }

        /** {@link #overheadNanos} as a percentage of the raw score. */
        double overheadPercent(Tool tool) {
            return result(Tool.RAW).map(raw -> 100 * overheadNanos(tool) / raw.score()).orElse(Double.NaN);
        }

        private double difference(Tool tool, java.util.function.ToDoubleFunction<JmhResult> figure) {
            Optional<JmhResult> raw = result(Tool.RAW);
            Optional<JmhResult> measured = result(tool);
            if (raw.isEmpty() || measured.isEmpty()) {
                return Double.NaN;
            }
            return figure.applyAsDouble(measured.get()) - figure.applyAsDouble(raw.get());
        }
    }
}
