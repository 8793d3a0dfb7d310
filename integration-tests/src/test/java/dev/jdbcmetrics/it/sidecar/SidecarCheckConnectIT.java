package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.ExternalCommand;
import dev.jdbcmetrics.it.support.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check-config FILE --connect} as a process against a real server: per query {@code OK},
 * the database's message or the missing columns; a target it cannot log in to with the
 * database's message; exit 1 when anything failed, 0 when everything passed; never the password.
 * Subclasses pick the database and its messages.
 */
abstract class SidecarCheckConnectIT {

    @TempDir
    Path folder;

    private final String secret = "Pl4nted" + UUID.randomUUID().toString().replace("-", "");
    private final DatabaseEndpoint endpoint;
    private final String wrongPasswordMessage;
    private final String syntaxErrorMessage;

    SidecarCheckConnectIT(DatabaseEndpoint endpoint, String wrongPasswordMessage, String syntaxErrorMessage) {
        this.endpoint = endpoint;
        this.wrongPasswordMessage = wrongPasswordMessage;
        this.syntaxErrorMessage = syntaxErrorMessage;
    }

    private String config(boolean withFailures) {
        String broken = """
                      - name: it_check_bad
                        type: gauge
                        query: SELECT 1 AS n FROM WHERE
                        value: n
                      - name: it_check_columns
                        type: gauge
                        query: SELECT 1 AS n
                        labels: [status]
                        value: n
                """;
        String badTarget = """
                  - name: it_check_login
                    url: "%s"
                    user: %s
                    password_file: wrong-password
                    collectors: [c]
                """.formatted(endpoint.jdbcUrl(), endpoint.user());
        return """
                targets:
                  - name: it_check_ok
                    url: "%s"
                    user: %s
                    password_file: db-password
                    collectors: [c]
                %scollectors:
                  - name: c
                    queries:
                      - name: shared
                        query: SELECT 'x' AS k, 2 AS n
                    metrics:
                      - name: it_check_good
                        type: gauge
                        query_ref: shared
                        labels: [k]
                        value: n
                %s""".formatted(endpoint.jdbcUrl(), endpoint.user(), withFailures ? badTarget : "",
                withFailures ? broken : "");
    }

    @Test
    void reportsEachQueryAndFailsWhenOneFails() throws Exception {
        Files.writeString(folder.resolve("db-password"), endpoint.password());
        Files.writeString(folder.resolve("wrong-password"), secret);
        Path failing = Files.writeString(folder.resolve("failing.yml"), config(true));
        Path passing = Files.writeString(folder.resolve("passing.yml"), config(false));

        ExternalCommand.Result bad = check(failing);
        assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(1);
        List<String> lines = bad.output().lines().toList();
        assertThat(lines.get(0)).isEqualTo("configuration OK: 2 targets, 1 collector");
        assertThat(lines.get(1)).isEqualTo("target 'it_check_ok': connected");
        assertThat(lines.get(2)).isEqualTo("  collector 'c' query 'shared': OK");
        assertThat(lines.get(3)).startsWith("  collector 'c' query 'it_check_bad': ").contains(syntaxErrorMessage)
                .contains("(SQLState 42");
        assertThat(lines.get(4)).isEqualTo("  collector 'c' query 'it_check_columns': the result lacks the"
                + " column(s) 'status' (metric 'it_check_columns'); it has [n]");
        assertThat(lines.get(5)).startsWith("target 'it_check_login': cannot connect: ")
                .contains(wrongPasswordMessage).contains("(SQLState 28");
        assertThat(lines.get(6)).isEqualTo("jdbc-metrics-sidecar: 3 checks failed");
        assertThat(lines).hasSize(7);
        assertThat(bad.output()).doesNotContain(secret);

        ExternalCommand.Result good = check(passing);
        assertThat(good.exitCode()).as(good.describe()).isZero();
        assertThat(good.output()).isEqualTo("""
                configuration OK: 1 target, 1 collector
                target 'it_check_ok': connected
                  collector 'c' query 'shared': OK
                every target and query OK
                """);
    }

    private static ExternalCommand.Result check(Path file) {
        return ExternalCommand.run(Duration.ofSeconds(120), RepoPaths.root(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jdbcmetrics.sidecar.SidecarMain",
                "--check-config", file.toString(), "--connect"));
    }
}
