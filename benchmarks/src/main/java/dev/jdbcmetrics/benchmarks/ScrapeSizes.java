package dev.jdbcmetrics.benchmarks;

import dev.jdbcmetrics.exporter.MetricsExporter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * What {@link ScrapeBenchmark} transfers for a number of series: the samples and bytes of the
 * text rendered in memory, and the bytes of our endpoint's response, plain and gzip.
 *
 * @param samples   samples (non-comment lines) in the text rendered in memory
 * @param textBytes bytes of the text rendered in memory
 * @param httpBytes bytes of the plain {@code /metrics} response body
 * @param gzipBytes bytes of the gzip {@code /metrics} response body, as sent
 */
public record ScrapeSizes(int samples, int textBytes, int httpBytes, int gzipBytes) {

    /** Builds the registry of {@code series} series, serves it, and measures one scrape of each kind. */
    public static ScrapeSizes of(int series) {
        PrometheusMeterRegistry registry = ScrapeShapes.registry(series);
        try (MetricsExporter exporter = ScrapeBenchmark.startExporter(registry)) {
            String text = registry.scrape();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics");
            byte[] plain = ScrapeBenchmark.get(client, HttpRequest.newBuilder(uri).build());
            byte[] gzip = ScrapeBenchmark.get(client,
                    HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build());
            return new ScrapeSizes(ScrapeShapes.seriesIn(text), text.getBytes(StandardCharsets.UTF_8).length,
                    plain.length, gzip.length);
        } catch (IOException e) {
            throw new UncheckedIOException("scraping our endpoint on 127.0.0.1 failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping our endpoint", e);
        } finally {
            registry.close();
        }
    }
}
