package dev.jdbcmetrics.benchmarks.report;

import dev.jdbcmetrics.benchmarks.ScrapeSizes;
import dev.jdbcmetrics.benchmarks.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The Markdown tables of {@code docs/benchmarks.md}: per workload, each tool's time per op with
 * its error, its overhead against raw HikariCP in ns and %, and bytes allocated per op (over
 * H2, then over the stub driver); the cost of a clock read; the scrape table with each
 * response's size; and the cost of single meter recordings.
 */
final class MarkdownTables {

    /** {@code MeterRecording*Benchmark} methods in the order the report shows them. */
    static final List<String> RECORDINGS = List.of("micrometerTimer", "micrometerCounter", "querySucceeded",
            "pooledQuery", "pooledQueryMicrometer");

    /** {@code ScrapeBenchmark} methods in the order the report shows them, and how each is named. */
    static final List<String> SCRAPES = List.of("scrape", "httpPlain", "httpGzip");
    private static final List<String> SCRAPE_LABELS = List.of("in memory", "HTTP GET", "HTTP GET, gzip");

    private MarkdownTables() {
    }

    /** All tables for {@code results}, ready to paste; scrape sizes measured by {@link ScrapeSizes#of}. */
    static String render(List<JmhResult> results) {
        return render(results, ScrapeSizes::of);
    }

    /** All tables for {@code results}, with the size of each scrape from {@code sizes}. */
    static String render(List<JmhResult> results, IntFunction<ScrapeSizes> sizes) {
        StringBuilder md = new StringBuilder();
        for (Overheads.Workload workload : Overheads.onH2(results).workloads()) {
            overheadTable(md, workload, "");
        }
        for (Overheads.Workload workload : Overheads.onStubDriver(results).workloads()) {
            overheadTable(md, workload, ", stub driver");
        }
        List<JmhResult> clocks = results.stream()
                .filter(r -> r.benchmarkClass().equals("ClockBenchmark"))
                .toList();
        if (!clocks.isEmpty()) {
            clockTable(md, clocks);
        }
        List<JmhResult> scrapes = results.stream()
                .filter(r -> r.benchmarkClass().equals("ScrapeBenchmark"))
                .toList();
        if (!scrapes.isEmpty()) {
            scrapeTable(md, scrapes, sizes);
        }
        List<JmhResult> recordings = results.stream()
                .filter(r -> r.benchmarkClass().startsWith("MeterRecording"))
                .toList();
        if (!recordings.isEmpty()) {
            meterTable(md, recordings);
        }
        return md.toString();
    }

    private static void overheadTable(StringBuilder md, Overheads.Workload workload, String backend) {
        md.append("### ").append(workload.method()).append(", ").append(workload.threads())
                .append(workload.threads() == 1 ? " thread" : " threads").append(backend).append("\n\n")
                .append("| tool | ns/op | ± error | overhead ns | overhead % | B/op | overhead B/op |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (Tool tool : Tool.values()) {
            Optional<JmhResult> result = workload.result(tool);
            md.append("| ").append(tool.param()).append(" | ");
            if (result.isEmpty()) {
                md.append("not measured | | | | | |\n");
                continue;
            }
            JmhResult r = result.get();
            boolean raw = tool == Tool.RAW;
            md.append(number(r.score())).append(" | ")
                    .append(number(r.error())).append(" | ")
                    .append(raw ? "—" : signed(workload.overheadNanos(tool))).append(" | ")
                    .append(raw ? "—" : percent(workload.overheadPercent(tool))).append(" | ")
                    .append(number(r.bytesPerOp())).append(" | ")
                    .append(raw ? "—" : signed(workload.overheadBytes(tool))).append(" |\n");
        }
        md.append('\n');
    }

    private static void clockTable(StringBuilder md, List<JmhResult> clocks) {
        md.append("### The JVM's clock on this machine\n\n| benchmark | ns/op | ± error |\n|---|--:|--:|\n");
        for (JmhResult r : clocks) {
            md.append("| ").append(r.method()).append(" | ").append(number(r.score())).append(" | ")
                    .append(number(r.error())).append(" |\n");
        }
        md.append('\n');
    }

    private static void meterTable(StringBuilder md, List<JmhResult> recordings) {
        List<Integer> threadCounts = recordings.stream().map(JmhResult::threads).distinct().sorted().toList();
        md.append("### One recording, no JDBC around it\n\n| recording |");
        for (int threads : threadCounts) {
            md.append(" ns/op (").append(threads).append(threads == 1 ? " thread" : " threads")
                    .append(") | ± error | B/op |");
        }
        md.append("\n|---|").append("--:|--:|--:|".repeat(threadCounts.size())).append('\n');
        for (String method : RECORDINGS) {
            if (recordings.stream().noneMatch(r -> r.method().equals(method))) {
                continue;
            }
            md.append("| ").append(method).append(" |");
            for (int threads : threadCounts) {
                Optional<JmhResult> result = recordings.stream()
                        .filter(r -> r.method().equals(method) && r.threads() == threads).findFirst();
                md.append(result.map(r -> " " + number(r.score()) + " | " + number(r.error()) + " | "
                        + number(r.bytesPerOp()) + " |").orElse(" not measured | | |"));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void scrapeTable(StringBuilder md, List<JmhResult> scrapes, IntFunction<ScrapeSizes> sizes) {
        md.append("### Scrape: Prometheus text for N series\n\n")
                .append("| series asked | samples | how | bytes sent | ").append(scrapes.get(0).unit())
                .append(" | ± error | B/op allocated |\n")
                .append("|--:|--:|---|--:|--:|--:|--:|\n");
        List<Integer> asked = scrapes.stream().map(r -> Integer.parseInt(r.param("series")))
                .distinct().sorted().toList();
        for (int series : asked) {
            ScrapeSizes size = sizes.apply(series);
            for (String method : SCRAPES) {
                Optional<JmhResult> result = scrapes.stream()
                        .filter(r -> r.method().equals(method) && r.param("series").equals(String.valueOf(series)))
                        .findFirst();
                if (result.isEmpty()) {
                    continue;
                }
                JmhResult r = result.get();
                int bytes = switch (method) {
                    case "httpPlain" -> size.httpBytes();
                    case "httpGzip" -> size.gzipBytes();
                    default -> size.textBytes();
                };
                md.append("| ").append(number(series))
                        .append(" | ").append(number(size.samples()))
                        .append(" | ").append(SCRAPE_LABELS.get(SCRAPES.indexOf(method)))
                        .append(" | ").append(number(bytes))
                        .append(" | ").append(number(r.score()))
                        .append(" | ").append(number(r.error()))
                        .append(" | ").append(number(r.bytesPerOp())).append(" |\n");
            }
        }
        md.append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String signed(double value) {
        return Double.isNaN(value) ? "n/a" : (value >= 0 ? "+" : "−") + number(Math.abs(value));
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "n/a"
                : (value >= 0 ? "+" : "−") + String.format(Locale.ROOT, "%.1f%%", Math.abs(value));
    }
}
