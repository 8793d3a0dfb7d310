package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a JDK {@link HttpExchange} to client_java's scrape handler, with the {@code Accept}
 * header replaced by the negotiated format. Unlike client_java's own adapter, a failing
 * collector never sends a stack trace to the client: it is logged here and answered with 500.
 */
final class ScrapeExchange implements PrometheusHttpExchange {

    private static final Logger logger = LoggerFactory.getLogger(ScrapeExchange.class);

    private final HttpExchange exchange;
    private final Request request;
    private final Response response = new Response();
    private boolean responseStarted;

    ScrapeExchange(HttpExchange exchange, String negotiatedAccept) {
        this.exchange = exchange;
        this.request = new Request(negotiatedAccept);
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return request;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return response;
    }

    @Override
    public void handleException(IOException e) throws IOException {
        // The client went away or the stream broke; the server closes the connection.
        throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
        logger.warn("jdbc-metrics: scrape of {} failed", exchange.getRequestURI().getPath(), e);
        if (responseStarted) {
            return;
        }
        try {
            PlainHandlers.send(exchange, 500, PlainHandlers.TEXT,
                    "scrape failed, see the exporter's log\n");
        } catch (IOException sendFailure) {
            logger.debug("jdbc-metrics: could not send the 500 response", sendFailure);
        }
    }

    @Override
    public void close() {
        exchange.close();
    }

    private final class Request implements PrometheusHttpRequest {

        private final String accept;

        Request(String accept) {
            this.accept = accept;
        }

        @Override
        public String getQueryString() {
            return exchange.getRequestURI().getRawQuery();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if ("Accept".equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(accept));
            }
            List<String> values = exchange.getRequestHeaders().get(name);
            return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
        }

        @Override
        public String getMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public String getRequestPath() {
            return exchange.getRequestURI().getPath();
        }
    }

    private final class Response implements PrometheusHttpResponse {

        @Override
        public void setHeader(String name, String value) {
            exchange.getResponseHeaders().set(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength)
                throws IOException {
            responseStarted = true;
            exchange.sendResponseHeaders(statusCode, contentLength);
            return exchange.getResponseBody();
        }
    }
}
