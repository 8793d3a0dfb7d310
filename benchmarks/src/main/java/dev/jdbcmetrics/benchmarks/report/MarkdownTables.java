package dev.jdbcmetrics.benchmarks.report;

import dev.jdbcmetrics.benchmarks.ScrapeShapes;
import dev.jdbcmetrics.benchmarks.Tool;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Markdown tables of {@code docs/benchmarks.md}: per workload, each tool's time per op with
 * its error, its overhead against raw HikariCP in ns and %, and bytes allocated per op; then
 * the scrape table with the exposition's size.
 */
final class MarkdownTables {

    private MarkdownTables() {
    }

    /** All tables for {@code results}, ready to paste. */
    static String render(List<JmhResult> results) {
        StringBuilder md = new StringBuilder();
        for (Overheads.Workload workload : new Overheads(results).workloads()) {
            overheadTable(md, workload);
        }
        List<JmhResult> scrapes = results.stream()
                .filter(r -> r.benchmarkClass().equals("ScrapeBenchmark"))
                .toList();
        if (!scrapes.isEmpty()) {
            scrapeTable(md, scrapes);
        }
        return md.toString();
    }

    private static void overheadTable(StringBuilder md, Overheads.Workload workload) {
        md.append("### ").append(workload.method()).append(", ").append(workload.threads())
                .append(workload.threads() == 1 ? " thread" : " threads").append("\n\n")
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

    private static void scrapeTable(StringBuilder md, List<JmhResult> scrapes) {
        md.append("### Scrape: Prometheus text for N series\n\n")
                .append("| series asked | samples | bytes | ").append(scrapes.get(0).unit())
                .append(" | ± error | B/op allocated |\n")
                .append("|--:|--:|--:|--:|--:|--:|\n");
        for (JmhResult r : scrapes) {
            int asked = Integer.parseInt(r.param("series"));
            PrometheusMeterRegistry registry = ScrapeShapes.registry(asked);
            String text = registry.scrape();
            registry.close();
            md.append("| ").append(number(asked))
                    .append(" | ").append(number(ScrapeShapes.seriesIn(text)))
                    .append(" | ").append(number(text.getBytes(StandardCharsets.UTF_8).length))
                    .append(" | ").append(number(r.score()))
                    .append(" | ").append(number(r.error()))
                    .append(" | ").append(number(r.bytesPerOp())).append(" |\n");
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
