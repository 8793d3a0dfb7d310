package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.core.spi.ProcessEndpoint;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * URL mode's process-wide endpoint starts with the first connection and adds its registry to
 * Micrometer's global registry: that connection's datasource must reach it whole, histograms
 * included, not only the meters Micrometer's composite registry hands on to late children.
 */
class ProcessEndpointOrderTest {

    private static final String DS = "datasource=\"h2/endpoint\"";

    @Test
    void theFirstConnectionsHistogramsReachTheEndpointItStarts(@TempDir Path services) throws Exception {
        Path file = services.resolve("META-INF/services/" + ProcessEndpoint.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, ProcessEndpointStub.class.getName() + "\n");
        // A fresh JVM: in this one another test's connection may have started the endpoint already.
        String classPath = services + File.pathSeparator
                + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java", "-cp", classPath, EndpointOrderProbe.class.getName())
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the probe finishes").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();

        assertThat(output.lines()).as(output)
                .contains("db_queries_executed_total{" + DS + ",operation=\"select\",table=\"none\"} 1.0")
                .contains("db_query_duration_seconds_count{" + DS + ",operation=\"select\",outcome=\"success\","
                        + "table=\"none\"} 1")
                .contains("db_query_rows_count{" + DS + ",operation=\"select\",table=\"none\"} 1")
                .contains("db_connection_acquire_seconds_count{" + DS + "} 1")
                .contains("db_connection_usage_seconds_count{" + DS + "} 1")
                .contains("db_transaction_duration_seconds_count{" + DS + ",outcome=\"commit\"} 0");
    }
}
