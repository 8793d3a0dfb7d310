package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The small fixed responses: {@code /health}, 404 and 405. */
final class PlainHandlers {

    static final String TEXT = "text/plain; charset=utf-8";

    private PlainHandlers() {
    }

    /** {@code 200 OK} for liveness probes. */
    static HttpHandler health() {
        return exchange -> send(exchange, 200, TEXT, "OK");
    }

    /**
     * Runs {@code handler} only for exactly {@code path} (the JDK server matches contexts by
     * prefix) and only for GET and HEAD, except for extra routes which decide for themselves.
     */
    static HttpHandler exact(String path, HttpHandler handler) {
        boolean ours = path.equals(MetricsExporter.METRICS_PATH)
                || path.equals(MetricsExporter.HEALTH_PATH)
                || path.equals(MetricsExporter.INDEX_PATH)
                || path.equals(LivePage.SCRIPT_PATH)
                || path.equals(LivePage.STYLE_PATH)
                || path.equals(LivePage.SUMMARY_PATH);
        return exchange -> {
            if (!path.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, TEXT, "not found\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (ours && !"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "method not allowed\n");
                return;
            }
            handler.handle(exchange);
        };
    }

    /** Sends a complete response and closes the exchange; HEAD gets the headers only. */
    static void send(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        try (exchange) {
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
