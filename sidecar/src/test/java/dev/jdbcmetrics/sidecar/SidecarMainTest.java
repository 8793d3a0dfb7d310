package dev.jdbcmetrics.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SidecarMainTest {

    private static final String CONFIG = """
            targets:
              - name: orders
                url: jdbc:h2:mem:cli-orders
                collectors: [order_stats, order_sizes]
              - name: billing
                url: jdbc:h2:mem:cli-billing
                collectors: [order_stats]
            collectors:
              - name: order_stats
                metrics:
                  - { name: orders, type: gauge, query: SELECT 1 AS n, value: n }
              - name: order_sizes
                metrics:
                  - { name: sizes, type: gauge, query: SELECT 1 AS n, value: n }
              - name: unused
                metrics:
                  - { name: unused, type: counter, query: SELECT 1 AS n, value: n }
            """;

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = SidecarMain.commandLine(new CountDownLatch(0));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }

    @Test
    void checkConfigSummarisesAGoodFile() throws IOException {
        Path config = file("exporter.yml", CONFIG);

        assertThat(run("--check-config", config.toString())).isZero();
        assertThat(out.toString()).isEqualTo("configuration OK: 2 targets, 3 collectors\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void checkConfigReportsABadFileInOneLineWithExitCode2() throws IOException {
        Path config = file("exporter.yml", CONFIG.replace("type: counter", "type: summary"));

        assertThat(run("--check-config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: " + config
                + ": invalid value 'summary' for 'type' at line 17 (expected gauge or counter)\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void checkConfigRejectsAUrlNoDriverAccepts() throws IOException {
        Path config = file("exporter.yml", CONFIG.replace("jdbc:h2:mem:cli-billing",
                "jdbc:oracle:thin:@db:1521/x"));

        assertThat(run("--check-config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: target 'billing': no JDBC"
                + " driver for 'jdbc:oracle:' URLs (drivers included: postgresql, mysql, mariadb,"
                + " h2)\n");
    }

    @Test
    void missingConfigFileIsAConfigError() {
        Path missing = folder.resolve("missing.yml");

        assertThat(run("--config", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: " + missing
                + ": no such file\n");
    }

    @Test
    void helpListsTheModesAndOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: jdbc-metrics-sidecar", "--config=FILE",
                "--check-config=FILE", "--demo", "--port=N", "default: 9853", "--host=HOST",
                "--web-config=FILE", "--version");
    }

    @Test
    void versionNamesTheProgram() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("jdbc-metrics-sidecar ")
                .contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void conflictingModesAreAUsageError() throws IOException {
        Path config = file("exporter.yml", CONFIG);

        assertThat(run("--demo", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: --config=FILE, --demo are"
                + " mutually exclusive (specify only one) (see --help)\n");
    }

    @Test
    void noModeIsAUsageError() {
        assertThat(run("--port", "1234")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: Missing required"
                + " argument (specify one of these): (--config=FILE | --check-config=FILE |"
                + " --demo) (see --help)\n");
    }

    @Test
    void badPortIsAUsageError() {
        assertThat(run("--demo", "--port", "99999")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: --port must be between 0"
                + " and 65535, got 99999\n");
        assertThat(run("--demo", "--port", "abc")).isEqualTo(2);
        assertThat(err.toString()).endsWith("jdbc-metrics-sidecar: Invalid value for option"
                + " '--port': 'abc' is not an int (see --help)\n");
    }

    @Test
    void portInUseIsARuntimeErrorWithExitCode1() throws IOException {
        Path config = file("exporter.yml", CONFIG);
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThat(run("--config", config.toString(), "--port", String.valueOf(port)))
                    .isEqualTo(1);
            assertThat(err.toString()).isEqualTo("jdbc-metrics-sidecar: port " + port
                    + " is already in use on 0.0.0.0\n");
        }
    }

    @Test
    void missingWebConfigIsAConfigErrorAndNothingKeepsRunning() throws IOException {
        Path config = file("exporter.yml", CONFIG);
        Path webConfig = folder.resolve("web-config.yml");

        assertThat(run("--config", config.toString(), "--port", "0", "--web-config",
                webConfig.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("jdbc-metrics-sidecar: ")
                .contains(webConfig.toString()).hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void runningSidecarStopsCleanlyWhenAskedTo() throws IOException {
        Path config = file("exporter.yml", CONFIG);

        // The latch is already released: the sidecar starts, announces itself, and stops.
        assertThat(run("--config", config.toString(), "--port", "0", "--host", "127.0.0.1"))
                .isZero();
        assertThat(out.toString()).matches("jdbc-metrics-sidecar: serving"
                + " http://127.0.0.1:\\d+/metrics for 2 targets\n");
        assertThat(err.toString()).isEmpty();
    }
}
