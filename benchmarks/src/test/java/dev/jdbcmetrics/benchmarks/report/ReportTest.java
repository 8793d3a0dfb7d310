package dev.jdbcmetrics.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.benchmarks.ScrapeSizes;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from a small, hand-written JMH result file with known numbers. */
class ReportTest {

    private static List<JmhResult> results;

    @BeforeAll
    static void read() throws Exception {
        results = JmhResult.read(sample());
    }

    @Test
    void readsScoresErrorsThreadsParamsAndAllocation() {
        assertThat(results).hasSize(13);
        JmhResult p6spy = results.get(1);
        assertThat(p6spy.benchmarkClass()).isEqualTo("JdbcOverheadBenchmark");
        assertThat(p6spy.method()).isEqualTo("pointSelect");
        assertThat(p6spy.threads()).isEqualTo(1);
        assertThat(p6spy.param("tool")).isEqualTo("p6spy");
        assertThat(p6spy.score()).isEqualTo(1700.0);
        assertThat(p6spy.error()).isEqualTo(20.0);
        assertThat(p6spy.unit()).isEqualTo("ns/op");
        assertThat(p6spy.bytesPerOp()).isEqualTo(1200.0);
        assertThat(results.get(2).error()).isNaN();
    }

    @Test
    void tablesShowOverheadAgainstRawInNanosPercentAndBytes() {
        String md = MarkdownTables.render(results);

        assertThat(md).contains(
                "### pointSelect, 1 thread\n",
                "| raw | 1,000 | 10 | — | — | 600 | — |\n",
                "| p6spy | 1,700 | 20 | +700 | +70.0% | 1,200 | +600 |\n",
                "| otel | 990 | n/a | −10 | −1.0% | 1,600 | +1,000 |\n",
                "| jdbc-metrics | not measured | | | | | |\n",
                "### pointSelect, 2 threads\n",
                "| p6spy | 1,925 | 25 | +825 | +75.0% | 1,200 | +600 |\n");
    }

    @Test
    void stubDriverTablesFollowTheH2OnesAndTheClockHasItsOwn() {
        String md = MarkdownTables.render(results);

        assertThat(md).contains(
                "### pointSelect, 1 thread, stub driver\n",
                "| raw | 150 | 5 | — | — | 176 | — |\n",
                "| jdbc-metrics | 400 | 8 | +250 | +166.7% | 304 | +128 |\n",
                "### The JVM's clock on this machine\n",
                "| nanoTime | 25.5 | 0.5 |\n");
        assertThat(md.indexOf("### pointSelect, 1 thread, stub driver"))
                .isGreaterThan(md.indexOf("### pointSelect, 2 threads\n"));
    }

    @Test
    void scrapeTableShowsEachWayOfScrapingWithTheBytesItSends() {
        String md = MarkdownTables.render(results, series -> new ScrapeSizes(series + 20, 9_000, 9_100, 1_200));

        assertThat(md).contains(
                "| series asked | samples | how | bytes sent | us/op | ± error | B/op allocated |\n",
                "| 100 | 120 | in memory | 9,000 | 91.5 | 1.3 | 161,244 |\n"
                        + "| 100 | 120 | HTTP GET, gzip | 1,200 | 240 | 12.5 | 301,000 |\n");
    }

    @Test
    void scrapeSizesComeFromOurEndpointServingTheSameShapes() {
        ScrapeSizes sizes = ScrapeSizes.of(100);

        // 120 samples of the shapes plus jdbc_metrics_build_info, which the endpoint registers.
        assertThat(sizes.samples()).isEqualTo(121);
        assertThat(sizes.httpBytes()).isEqualTo(sizes.textBytes());
        assertThat(sizes.gzipBytes()).isPositive().isLessThan(sizes.httpBytes() / 4);
    }

    @Test
    void meterTableShowsEachRecordingPerThreadCountInMethodOrder() {
        String md = MarkdownTables.render(results);

        assertThat(md).contains(
                "| recording | ns/op (1 thread) | ± error | B/op | ns/op (2 threads) | ± error | B/op |\n",
                "| micrometerTimer | 95.3 | 1 | 0 | not measured | | |\n"
                        + "| pooledQuery | 110 | 2.5 | 0 | 130 | 4 | 0 |\n");
    }

    @Test
    void chartIsAPngWithOneRowPerWorkloadPresent(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("chart.png");

        OverheadChart.render(results, "sample", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(OverheadChart.WIDTH);
        // One workload (pointSelect), two thread counts, eleven tools besides raw.
        assertThat(image.getHeight()).isEqualTo(90 + (34 + 11 * (2 * 13 + 8) + 28) + 20);
    }

    @Test
    void chartRefusesResultsWithoutJdbcOverhead(@TempDir Path dir) {
        List<JmhResult> scrapeOnly = results.stream()
                .filter(r -> r.benchmarkClass().equals("ScrapeBenchmark")).toList();

        assertThatThrownBy(() -> OverheadChart.render(scrapeOnly, "x", dir.resolve("c.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No JdbcOverhead* results to chart");
    }

    @Test
    void readingSomethingElseSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        Path notJmh = Files.writeString(dir.resolve("x.json"), "{\"benchmark\": 1}");

        assertThatThrownBy(() -> JmhResult.read(notJmh))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(notJmh + " is not a JMH result file (expected a JSON array)");
    }

    private static Path sample() throws URISyntaxException {
        return Path.of(ReportTest.class.getResource("/report/sample-results.json").toURI());
    }
}
