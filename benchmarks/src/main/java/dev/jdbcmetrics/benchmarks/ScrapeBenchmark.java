package dev.jdbcmetrics.benchmarks;

import dev.jdbcmetrics.exporter.MetricsExporter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time (and, with {@code -prof gc}, allocation in this JVM, server and client together) to
 * produce {@code /metrics} for 100, 1,000 and 10,000 series shaped like jdbc-metrics' query
 * metrics ({@link ScrapeShapes}): {@link #scrape} renders the text in memory; {@link #httpPlain}
 * and {@link #httpGzip} GET it from our {@link MetricsExporter} on 127.0.0.1 over one kept-alive
 * HTTP/1.1 connection, as Prometheus does. The exporter serves the registry alone (no JVM
 * metrics): all three show the series asked for plus the build info it registers. The bytes
 * of each response are deterministic; the report measures them ({@link ScrapeSizes}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScrapeBenchmark {

    @Param({"100", "1000", "10000"})
    public int series;

    private PrometheusMeterRegistry registry;
    private MetricsExporter exporter;
    private HttpClient client;
    private HttpRequest plain;
    private HttpRequest gzip;

    @Setup
    public void fill() {
        registry = ScrapeShapes.registry(series);
        exporter = startExporter(registry);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics");
        plain = HttpRequest.newBuilder(uri).GET().build();
        gzip = HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").GET().build();
    }

    @TearDown
    public void close() {
        exporter.close();
        registry.close();
    }

    @Benchmark
    public String scrape() {
        return registry.scrape();
    }

    @Benchmark
    public int httpPlain() throws IOException, InterruptedException {
        return get(client, plain).length;
    }

    @Benchmark
    public int httpGzip() throws IOException, InterruptedException {
        return get(client, gzip).length;
    }

    /** Our endpoint serving {@code registry} alone on a free port of 127.0.0.1. */
    static MetricsExporter startExporter(PrometheusMeterRegistry registry) {
        return MetricsExporter.builder().registry(registry).host("127.0.0.1").port(0)
                .jvmMetrics(false).buildAndStart();
    }

    /** The body of {@code request} as sent (still compressed when gzip was asked for). */
    static byte[] get(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
        }
        return response.body();
    }
}
