package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.SlowQuery;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The live page at {@code /}: a static HTML page, its script and style sheet (no external asset:
 * the Content-Security-Policy allows nothing but this server), and {@code /api/summary}, the
 * {@link LiveSummary} as JSON, which the script fetches every two seconds.
 */
final class LivePage {

    static final String SCRIPT_PATH = "/live.js";
    static final String STYLE_PATH = "/live.css";
    static final String SUMMARY_PATH = "/api/summary";
    /** A route answering {@code ?target=NAME} with one target's metrics (the sidecar's). */
    static final String PROBE_PATH = "/probe";

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private LivePage() {
    }

    /**
     * The page, linking {@code /metrics} and {@code /health}. Extra routes are not linked: they may
     * want a parameter or a POST (the sidecar's {@code /probe} and {@code /-/reload}), and a bare
     * link to them would only answer 400 or 403. Where a {@link #PROBE_PATH} route exists, the
     * script links each target's name to its own probe instead.
     */
    static HttpHandler page(Collection<String> extraRoutes) {
        String links = "<a href=\"metrics\">/metrics</a><a href=\"health\">/health</a>";
        // The builder only accepts unreserved URI characters in a path, which need no HTML escaping.
        String probe = extraRoutes.contains(PROBE_PATH)
                ? "<meta name=\"jdbc-metrics-probe\" content=\"" + PROBE_PATH.substring(1) + "\">" : "";
        String html = resource("index.html").replace("<!--ROUTES-->", links).replace("<!--PROBE-->", probe);
        return exchange -> send(exchange, "text/html; charset=utf-8", html);
    }

    static HttpHandler script() {
        String js = resource("live.js");
        return exchange -> send(exchange, "text/javascript; charset=utf-8", js);
    }

    static HttpHandler style() {
        String css = resource("live.css");
        return exchange -> send(exchange, "text/css; charset=utf-8", css);
    }

    /** {@code /api/summary}: scrapes only the families the summary reads. */
    static HttpHandler summary(PrometheusMeterRegistry registry) {
        return exchange -> {
            List<SlowQuery> slow = new ArrayList<>();
            for (DataSourceMetrics metrics : DataSourceMetrics.live(registry)) {
                slow.addAll(metrics.recentSlowQueries());
            }
            LiveSummary summary = LiveSummary.of(registry.getPrometheusRegistry().scrape(LiveSummary.INCLUDED), slow);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            send(exchange, "application/json", summary.toJson());
        };
    }

    private static void send(HttpExchange exchange, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        PlainHandlers.send(exchange, 200, contentType, body);
    }

    private static String resource(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream("live/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource live/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
