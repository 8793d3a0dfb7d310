package dev.jdbcmetrics.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a JMH JSON result file into the chart and the Markdown tables of
 * {@code docs/benchmarks.md}.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar \
 *     dev.jdbcmetrics.benchmarks.report.Report RESULTS.json CHART.png TABLES.md
 * </pre>
 */
public final class Report {

    private Report() {
    }

    /** Entry point; exits 2 with one line naming the problem on bad arguments or input. */
    public static void main(String[] args) {
        if (args.length != 3) {
            fail("usage: Report RESULTS.json CHART.png TABLES.md");
        }
        try {
            Path json = Path.of(args[0]);
            List<JmhResult> results = JmhResult.read(json);
            OverheadChart.render(results, "JMH results: " + json.getFileName(), Path.of(args[1]));
            Files.writeString(Path.of(args[2]), MarkdownTables.render(results), StandardCharsets.UTF_8);
            System.out.println("Wrote " + args[1] + " and " + args[2] + " from " + results.size()
                    + " results in " + json);
        } catch (NoSuchFileException e) {
            fail("Report: no such file: " + e.getFile());
        } catch (IOException | IllegalArgumentException e) {
            fail("Report: " + e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
