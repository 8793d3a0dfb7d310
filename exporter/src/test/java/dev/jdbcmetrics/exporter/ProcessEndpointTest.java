package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.core.spi.ProcessEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProcessEndpointTest {

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final List<MeterRegistry> published = new ArrayList<>();
    private final ProcessWideEndpoint endpoint =
            new ProcessWideEndpoint(properties::get, environment::get, published::add);

    @Test
    void startsOnceThroughTheServiceLoaderAndFeedsTheGlobalRegistry() throws Exception {
        System.setProperty("jdbcmetrics.exporter.port", "0");
        System.setProperty("jdbcmetrics.exporter.host", "127.0.0.1");
        MetricsExporter exporter = null;
        try {
            List<ProcessEndpoint> found = new ArrayList<>();
            ServiceLoader.load(ProcessEndpoint.class).forEach(found::add);
            assertThat(found).singleElement().isInstanceOf(GlobalMetricsEndpoint.class);

            found.get(0).startIfConfigured();
            exporter = GlobalMetricsEndpoint.instance().exporter();
            new GlobalMetricsEndpoint().startIfConfigured();

            assertThat(exporter).isNotNull();
            assertThat(GlobalMetricsEndpoint.instance().exporter()).isSameAs(exporter);
            assertThat(Metrics.globalRegistry.getRegistries()).contains(exporter.getRegistry());
            Metrics.counter("spi.test.connections").increment(2);
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + exporter.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("\nspi_test_connections_total 2.0\n")
                    .contains("jdbc_metrics_build_info{");
        } finally {
            System.clearProperty("jdbcmetrics.exporter.port");
            System.clearProperty("jdbcmetrics.exporter.host");
            if (exporter != null) {
                Metrics.removeRegistry(exporter.getRegistry());
                exporter.close();
            }
        }
    }

    @Test
    void doesNothingWithoutAPort() {
        environment.put("JDBC_METRICS_EXPORTER_HOST", "127.0.0.1");

        endpoint.startIfConfigured();

        assertThat(endpoint.exporter()).isNull();
        assertThat(published).isEmpty();
    }

    @Test
    void reportsAnInvalidPortOnceNamingTheSetting() {
        properties.put("jdbcmetrics.exporter.port", "nine");

        assertThatThrownBy(endpoint::startIfConfigured)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("system property jdbcmetrics.exporter.port: invalid port 'nine'"
                        + " (expected a number from 0 to 65535)");
        endpoint.startIfConfigured();
        assertThat(endpoint.exporter()).isNull();
    }

    @Test
    void readsTheEnvironmentWhenThePropertyIsUnset() {
        environment.put("JDBC_METRICS_EXPORTER_PORT", "70000");

        assertThatThrownBy(endpoint::startIfConfigured)
                .hasMessage("environment variable JDBC_METRICS_EXPORTER_PORT: invalid port"
                        + " '70000' (expected a number from 0 to 65535)");
    }

    @Test
    void prefersThePropertyOverTheEnvironment() {
        properties.put("jdbcmetrics.exporter.port", "0");
        properties.put("jdbcmetrics.exporter.host", "127.0.0.1");
        environment.put("JDBC_METRICS_EXPORTER_PORT", "not-used");

        endpoint.startIfConfigured();
        try {
            assertThat(endpoint.exporter().getPort()).isPositive();
            assertThat(published).containsExactly(endpoint.exporter().getRegistry());
        } finally {
            endpoint.exporter().close();
        }
    }

    @Test
    void reportsAPortInUseNamingThePort() {
        try (MetricsExporter first = MetricsExporter.builder().port(0).host("127.0.0.1")
                .jvmMetrics(false).buildAndStart()) {
            int port = first.getPort();
            properties.put("jdbcmetrics.exporter.port", String.valueOf(port));
            environment.put("JDBC_METRICS_EXPORTER_HOST", "127.0.0.1");

            assertThatThrownBy(endpoint::startIfConfigured)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("jdbc-metrics process-wide endpoint (system property"
                            + " jdbcmetrics.exporter.port=" + port + "): port " + port
                            + " is already in use on 127.0.0.1");
            assertThat(published).isEmpty();
        }
    }
}
