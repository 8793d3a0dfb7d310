package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * {@code /metrics}: client_java's transport-neutral scrape handler (formats, gzip, HEAD,
 * {@code name[]} filters) behind our q-value negotiation; the exporter runs it within the scrape deadline.
 *
 * <p>The scrape handler collects on the calling thread, so the deadline the exporter sets is the one
 * collectors see through {@link ScrapeDeadline#remainingNanos()}.
 */
final class MetricsHandler implements HttpHandler {

    private final PrometheusScrapeHandler scrapeHandler;

    MetricsHandler(PrometheusRegistry registry) {
        this.scrapeHandler = new PrometheusScrapeHandler(PrometheusProperties.get(), registry);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        String format = AcceptNegotiation.choose(headers.get("Accept"));
        scrapeHandler.handleRequest(new ScrapeExchange(exchange, format));
    }
}
