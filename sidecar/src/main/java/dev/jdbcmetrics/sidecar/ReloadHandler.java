package dev.jdbcmetrics.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /-/reload}, answered as Prometheus answers its own: {@code POST} or {@code PUT} reloads
 * the configuration when enabled ({@code --enable-reload}) and answers 200, or 500 with the
 * reason the new file was refused; 403 when not enabled; 405 for other methods.
 */
final class ReloadHandler implements HttpHandler {

    /** What a reload runs: {@link Sidecar#reload()}. */
    interface Reload {
        void run() throws ConfigException;
    }

    private final boolean enabled;
    private final Reload reload;

    ReloadHandler(boolean enabled, Reload reload) {
        this.enabled = enabled;
        this.reload = reload;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!enabled) {
                reply(exchange, 403, "reload is not enabled: start the sidecar with"
                        + " --enable-reload, or send it SIGHUP\n");
            } else if (!method.equals("POST") && !method.equals("PUT")) {
                exchange.getResponseHeaders().set("Allow", "POST, PUT");
                reply(exchange, 405, "only POST or PUT requests reload the configuration\n");
            } else {
                try {
                    reload.run();
                    reply(exchange, 200, "configuration reloaded\n");
                } catch (ConfigException e) {
                    reply(exchange, 500, "reload refused, the previous configuration keeps"
                            + " serving: " + e.getMessage() + "\n");
                }
            }
        } finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
