package dev.jdbcmetrics.core;

import static dev.jdbcmetrics.core.RegistryFiltersTest.workload;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * micrometer-registry-otlp exporting to an OTLP/HTTP receiver inside the test: the histograms
 * arrive as OTLP histograms with our bucket bounds and exact counts, decoded from the protobuf the
 * registry really sends.
 */
class OtlpRegistryTest {

    private HttpServer receiver;
    private final List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                received.add(ExportMetricsServiceRequest.parseFrom(
                        gzip ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes));
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private OtlpMeterRegistry registry() {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics";
        OtlpConfig config = new OtlpConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration step() {
                return Duration.ofHours(1); // published once, on close
            }
        };
        return new OtlpMeterRegistry(config, Clock.SYSTEM);
    }

    @Test
    void durationAndRowsHistogramsArriveWithOurBoundsAndExactCounts() {
        OtlpMeterRegistry registry = registry();
        workload(DataSourceMetrics.create("orders", registry, MetricsConfig.defaults()));

        registry.close(); // publishes

        Map<String, Metric> metrics = metrics();
        List<HistogramDataPoint> durations = metrics.get(MeterNames.QUERY_DURATION).getHistogram().getDataPointsList();
        HistogramDataPoint success = durations.stream().filter(p -> attributes(p).get("outcome").equals("success"))
                .findFirst().orElseThrow();
        assertThat(attributes(success)).containsExactlyInAnyOrderEntriesOf(Map.of("datasource", "orders",
                "operation", "select", "table", "orders", "outcome", "success"));
        // milliseconds: the OTLP registry's base time unit
        assertThat(success.getExplicitBoundsList()).containsExactly(
                Arrays.stream(MetricsConfig.DEFAULT_DURATION_BUCKETS).map(s -> s * 1000).boxed().toArray(Double[]::new));
        assertThat(success.getBucketCountsList()).containsExactly(3L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, 0L);
        assertThat(success.getCount()).isEqualTo(5);
        assertThat(success.getSum()).isCloseTo(4.9, org.assertj.core.api.Assertions.within(1e-9));
        HistogramDataPoint error = durations.stream().filter(p -> attributes(p).get("outcome").equals("error"))
                .findFirst().orElseThrow();
        assertThat(error.getCount()).isEqualTo(1);

        HistogramDataPoint rows = metrics.get(MeterNames.QUERY_ROWS).getHistogram().getDataPoints(0);
        assertThat(rows.getExplicitBoundsList()).containsExactly(
                Arrays.stream(MetricsConfig.ROW_BUCKETS).boxed().toArray(Double[]::new));
        assertThat(rows.getBucketCountsList()).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L);
        assertThat(rows.getCount()).isEqualTo(3);
        assertThat(rows.getSum()).isEqualTo(56.0);
        assertThat(metrics.get(MeterNames.QUERY_ROWS).getUnit()).isEqualTo("rows");

        assertThat(metrics.get(MeterNames.QUERIES_EXECUTED).getSum().getDataPoints(0).getAsDouble()).isEqualTo(6.0);
    }

    @Test
    void otelNamingArrivesUnderTheSemanticConventionNames() {
        OtlpMeterRegistry registry = registry();
        MetricsConfig config = MetricsConfig.builder().naming(Naming.OTEL).build();
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", "jdbc:postgresql://db:5432/shop", registry,
                config);
        workload(metrics);

        registry.close();

        Map<String, Metric> byName = metrics();
        HistogramDataPoint success = byName.get("db.client.operation.duration").getHistogram().getDataPointsList()
                .stream().filter(p -> attributes(p).get("error.type").isEmpty()).findFirst().orElseThrow();
        assertThat(attributes(success)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "db.client.connection.pool.name", "orders", "db.system.name", "postgresql", "db.namespace", "shop",
                "db.operation.name", "SELECT", "db.collection.name", "orders", "error.type", "",
                "db.response.status_code", ""));
        assertThat(success.getCount()).isEqualTo(5);
        assertThat(byName.get("db.client.response.returned_rows").getUnit()).isEqualTo("{row}");
        assertThat(byName.get("db.client.response.returned_rows").getHistogram().getDataPoints(0).getSum())
                .isEqualTo(56.0);
    }

    private Map<String, Metric> metrics() {
        assertThat(received).isNotEmpty();
        return received.stream().flatMap(r -> r.getResourceMetricsList().stream())
                .flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream())
                .collect(Collectors.toMap(Metric::getName, m -> m, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> attributes(HistogramDataPoint point) {
        return point.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }
}
