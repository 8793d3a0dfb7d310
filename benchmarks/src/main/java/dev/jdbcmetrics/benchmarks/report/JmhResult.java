package dev.jdbcmetrics.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a JMH JSON result file.
 *
 * @param benchmarkClass the simple name of the benchmark class
 * @param method         the benchmark method
 * @param threads        the threads it ran with
 * @param params         its {@code @Param} values
 * @param score          the primary score
 * @param error          the primary score's 99.9% error ({@code NaN} with a single iteration)
 * @param unit           the primary score's unit, e.g. {@code ns/op}
 * @param bytesPerOp     {@code gc.alloc.rate.norm} in B/op, or {@code NaN} without {@code -prof gc}
 */
record JmhResult(String benchmarkClass, String method, int threads, Map<String, String> params,
                 double score, double error, String unit, double bytesPerOp) {

    /**
     * Reads a file written with {@code -rf json}.
     *
     * @throws IllegalArgumentException when the file is not a JMH JSON result
     */
    static List<JmhResult> read(Path file) throws IOException {
        Object root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof List<?> rows)) {
            throw new IllegalArgumentException(file + " is not a JMH result file (expected a JSON array)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (Object row : rows) {
            results.add(of(file, row));
        }
        return results;
    }

    /** The {@code @Param} value of {@code name}, or {@code ""}. */
    String param(String name) {
        return params.getOrDefault(name, "");
    }

    private static JmhResult of(Path file, Object row) {
        if (!(row instanceof Map<?, ?> map) || !(map.get("benchmark") instanceof String benchmark)
                || !(map.get("primaryMetric") instanceof Map<?, ?> primary)) {
            throw new IllegalArgumentException(file + " is not a JMH result file (a row lacks"
                    + " 'benchmark' or 'primaryMetric')");
        }
        String[] parts = benchmark.split("\\.");
        String method = parts[parts.length - 1];
        String type = parts.length > 1 ? parts[parts.length - 2] : "";
        Map<String, String> params = new TreeMap<>();
        if (map.get("params") instanceof Map<?, ?> raw) {
            raw.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        double bytes = Double.NaN;
        if (map.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
            for (Map.Entry<?, ?> e : secondary.entrySet()) {
                // JMH names it "·gc.alloc.rate.norm" in some versions, "gc.alloc.rate.norm" in others.
                if (String.valueOf(e.getKey()).endsWith("gc.alloc.rate.norm")
                        && e.getValue() instanceof Map<?, ?> metric) {
                    bytes = number(metric.get("score"));
                }
            }
        }
        return new JmhResult(type, method, (int) number(map.get("threads")), Map.copyOf(params),
                number(primary.get("score")), number(primary.get("scoreError")),
                String.valueOf(primary.get("scoreUnit")), bytes);
    }

    private static double number(Object value) {
        return value instanceof Double d ? d : Double.NaN;
    }
}
