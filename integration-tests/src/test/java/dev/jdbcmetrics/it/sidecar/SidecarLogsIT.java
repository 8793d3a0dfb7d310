package dev.jdbcmetrics.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real sidecar process logs against a real server: the database's own message for a
 * wrong password and for a collector query with a syntax error, with the stack trace under
 * {@code --debug}, and never the password planted in the configuration (as the wrong password,
 * in the password file and in the URL). Subclasses pick the database and its messages.
 */
abstract class SidecarLogsIT {

    @TempDir
    Path folder;

    private final String secret = "Pl4nted" + UUID.randomUUID().toString().replace("-", "");
    private final DatabaseEndpoint endpoint;
    private final String wrongPasswordMessage;
    private final String syntaxErrorMessage;
    private final String driverFrame;

    SidecarLogsIT(DatabaseEndpoint endpoint, String wrongPasswordMessage, String syntaxErrorMessage,
                  String driverFrame) {
        this.endpoint = endpoint;
        this.wrongPasswordMessage = wrongPasswordMessage;
        this.syntaxErrorMessage = syntaxErrorMessage;
        this.driverFrame = driverFrame;
    }

    @Test
    void theDatabasesMessagesReachTheLogAndThePlantedPasswordDoesNot() throws Exception {
        Files.writeString(folder.resolve("wrong-password"), secret + "\n");
        Files.writeString(folder.resolve("db-password"), endpoint.password());
        String url = endpoint.jdbcUrl();
        String withSecret = url + (url.contains("?") ? "&" : "?") + "password=" + secret;
        Path file = Files.writeString(folder.resolve("exporter.yml"), """
                targets:
                  - name: it_logs_login
                    url: "%s"
                    user: %s
                    password_file: wrong-password
                    pool: { connection_timeout: 5s }    # long enough for the refusal to arrive first
                    collectors: [broken]
                  - name: it_logs_query
                    url: "%s"
                    user: %s
                    password_file: db-password
                    collectors: [broken]
                collectors:
                  - name: broken
                    metrics:
                      - name: it_logs_broken
                        type: gauge
                        help: A query with a syntax error
                        query: SELECT 1 AS n FROM WHERE
                        value: n
                """.formatted(withSecret, endpoint.user(), url, endpoint.user()));
        String log;
        try (SidecarProcess sidecar = SidecarProcess.start(folder, "--config", file.toString(), "--debug")) {
            Scrape scrape = SidecarSighupIT.scrape(sidecar);
            assertThat(scrape.value("db_up", "target", "it_logs_login")).isEqualTo(0);
            assertThat(scrape.value("db_target_probe_failures_total", "target", "it_logs_login", "reason", "28"))
                    .isEqualTo(1);
            assertThat(scrape.value("db_target_last_success_timestamp_seconds", "target", "it_logs_login"))
                    .isEqualTo(0);
            assertThat(scrape.value("db_up", "target", "it_logs_query")).isEqualTo(1);
            assertThat(scrape.value("db_target_last_success_timestamp_seconds", "target", "it_logs_query"))
                    .isGreaterThan(1.7e9);
            assertThat(scrape.value("db_collector_errors_total", "target", "it_logs_query", "collector", "broken",
                    "kind", "query")).isEqualTo(1);
            assertThat(scrape.text()).doesNotContain(secret);
            log = sidecar.log();
        }
        assertThat(log.lines().filter(l -> l.contains(" WARN dev.jdbcmetrics.sidecar.Target - target 'it_logs_login'"
                + " is down: "))
                .filter(l -> l.contains(wrongPasswordMessage)).filter(l -> l.contains("(SQLState 28")))
                .as(log).hasSize(1);
        assertThat(log.lines().filter(l -> l.contains(" WARN dev.jdbcmetrics.sidecar.TargetCollector - metric"
                + " 'it_logs_broken' of collector 'broken' on target 'it_logs_query' failed: ")).filter(l -> l.contains(syntaxErrorMessage))
                .filter(l -> l.contains("(SQLState 42")))
                .as(log).hasSize(1);
        assertThat(log).as("--debug adds the stack traces").contains(driverFrame);
        assertThat(log).doesNotContain(secret);
    }
}
