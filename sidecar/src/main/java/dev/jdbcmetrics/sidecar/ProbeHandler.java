package dev.jdbcmetrics.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /probe?target=NAME}: the series of one target only, that is its {@code db_up}, its
 * collectors' metrics and every series whose {@code target} or {@code datasource} label is
 * NAME; only that target's probe and collectors run. Formats, gzip and HEAD as on
 * {@code /metrics}. An unknown target gets 404, a missing one 400.
 */
final class ProbeHandler implements HttpHandler {

    /** The route path. */
    static final String PATH = "/probe";


    private final Set<String> targets;
    private final PrometheusScrapeHandler scrapeHandler;

    /**
     * @param registry the registry {@code /metrics} serves
     * @param targets  the configured target names
     */
    ProbeHandler(PrometheusRegistry registry, Set<String> targets) {
        this.targets = new TreeSet<>(targets);
        PrometheusRegistry probeRegistry = new PrometheusRegistry();
        probeRegistry.register(new MultiCollector() {
            @Override
            public MetricSnapshots collect() {
                return MetricSnapshots.of();
            }

            @Override
            public MetricSnapshots collect(PrometheusScrapeRequest request) {
                return only(registry.scrape(request), probedTarget(request));
            }
        });
        this.scrapeHandler = new PrometheusScrapeHandler(PrometheusProperties.get(), probeRegistry);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpExchangeAdapter adapter = new HttpExchangeAdapter(exchange);
        String target = adapter.getRequest().getParameter("target");
        if (target == null || target.isEmpty()) {
            reply(exchange, 400, "missing parameter 'target': use " + PATH + "?target=NAME with one"
                    + " of the configured targets " + targets + "\n");
        } else if (!targets.contains(target)) {
            reply(exchange, 404, "unknown target '" + target + "': the configured targets are "
                    + targets + "\n");
        } else {
            scrapeHandler.handleRequest(adapter);
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /**
     * @return the target a {@code /probe} request asks for, or null for any other scrape
     */
    static String probedTarget(PrometheusScrapeRequest request) {
        if (request == null || !PATH.equals(request.getRequestPath())) {
            return null;
        }
        String[] values = request.getParameterValues("target");
        return values == null || values.length == 0 ? null : values[0];
    }

    /** Keeps the data points labelled with {@code target} or {@code datasource} = name. */
    static MetricSnapshots only(MetricSnapshots all, String name) {
        List<MetricSnapshot> kept = new ArrayList<>();
        for (MetricSnapshot snapshot : all) {
            List<DataPointSnapshot> points = new ArrayList<>();
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                if (belongsTo(point.getLabels(), name)) {
                    points.add(point);
                }
            }
            if (!points.isEmpty()) {
                kept.add(copy(snapshot, points));
            }
        }
        return new MetricSnapshots(kept);
    }

    private static boolean belongsTo(Labels labels, String name) {
        return name.equals(labels.get(SidecarCollector.TARGET_LABEL))
                || name.equals(labels.get("datasource"));
    }

    @SuppressWarnings("unchecked")
    private static MetricSnapshot copy(MetricSnapshot snapshot, List<DataPointSnapshot> points) {
        List<?> p = points;
        if (snapshot instanceof CounterSnapshot) {
            return new CounterSnapshot(snapshot.getMetadata(),
                    (List<CounterSnapshot.CounterDataPointSnapshot>) p);
        } else if (snapshot instanceof GaugeSnapshot) {
            return new GaugeSnapshot(snapshot.getMetadata(),
                    (List<GaugeSnapshot.GaugeDataPointSnapshot>) p);
        } else if (snapshot instanceof HistogramSnapshot histogram) {
            return new HistogramSnapshot(histogram.isGaugeHistogram(), snapshot.getMetadata(),
                    (List<HistogramSnapshot.HistogramDataPointSnapshot>) p);
        } else if (snapshot instanceof SummarySnapshot) {
            return new SummarySnapshot(snapshot.getMetadata(),
                    (List<SummarySnapshot.SummaryDataPointSnapshot>) p);
        } else if (snapshot instanceof InfoSnapshot) {
            return new InfoSnapshot(snapshot.getMetadata(),
                    (List<InfoSnapshot.InfoDataPointSnapshot>) p);
        } else if (snapshot instanceof StateSetSnapshot) {
            return new StateSetSnapshot(snapshot.getMetadata(),
                    (List<StateSetSnapshot.StateSetDataPointSnapshot>) p);
        }
        return new UnknownSnapshot(snapshot.getMetadata(),
                (List<UnknownSnapshot.UnknownDataPointSnapshot>) p);
    }
}
