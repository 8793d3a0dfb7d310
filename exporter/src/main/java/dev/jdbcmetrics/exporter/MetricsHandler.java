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
 * {@code name[]} filters) behind our q-value negotiation and scrape deadline.
 *
 * <p>The scrape handler collects on the calling thread, so the deadline set here is the one
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
        long budget = ScrapeDeadline.budgetNanos(headers.getFirst(ScrapeDeadline.TIMEOUT_HEADER));
        ScrapeDeadline.within(budget,
                () -> scrapeHandler.handleRequest(new ScrapeExchange(exchange, format)));
    }
}
