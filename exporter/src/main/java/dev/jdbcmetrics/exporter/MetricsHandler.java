package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * {@code /metrics}: client_java's transport-neutral scrape handler (formats, gzip, HEAD,
 * {@code name[]} filters) behind our q-value negotiation; the exporter runs it within the scrape deadline.
 *
 * <p>The scrape handler collects on the calling thread, so the deadline the exporter sets is the one
 * collectors see through {@link ScrapeDeadline#remainingNanos()}. A
 * {@link ScrapeListener} is told before collecting starts and after the response.
 */
final class MetricsHandler implements HttpHandler {

    private final PrometheusScrapeHandler scrapeHandler;
    private final ScrapeListener listener;

    MetricsHandler(PrometheusRegistry registry, ScrapeListener listener) {
        this.scrapeHandler = new PrometheusScrapeHandler(ScrapeProperties.get(), registry);
        this.listener = listener;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        String format = AcceptNegotiation.choose(headers.get("Accept"));
        try {
            listener.scrapeStarting();
            scrapeHandler.handleRequest(new ScrapeExchange(exchange, format));
        } finally {
            listener.scrapeEnded();
        }
    }
}
