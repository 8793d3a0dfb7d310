package dev.jdbcmetrics.it.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.exporter.MetricsExporter;
import dev.jdbcmetrics.it.support.HeadlessChromium;
import dev.jdbcmetrics.it.support.Scrape;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * The live page in a real browser (Debian's headless Chromium, over the DevTools protocol), on an
 * exporter serving a HikariCP pool on the real PostgreSQL with a scripted workload: the page
 * shows what {@code /metrics} says, refreshes on its own, logs no console error, and is not
 * served without credentials when basic auth is on. Screenshots go to {@code target/}.
 */
@Timeout(120)
class LivePageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HEAVY = "SELECT pg_sleep(0.1)";
    private static final String HEAVY_NORMALISED = "SELECT pg_sleep(?)";
    private static final String USER = "alice";
    private static final String PASSWORD = "live-page-secret";

    @TempDir
    Path folder;

    private final String name = "livepage_" + Long.toString(System.nanoTime(), 36);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Connection> held = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private HikariDataSource hikari;
    private MeteredDataSource dataSource;
    private MetricsExporter exporter;
    private HeadlessChromium chromium;

    @BeforeEach
    void startPool() {
        HikariConfig config = TestDatabases.postgres().hikariConfig(name, 4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        hikari = new HikariDataSource(config);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dataSource = MeteredDataSource.builder(hikari).name(name).registry(registry)
                .config(MetricsConfig.builder().statementTop(5).slowQueryThreshold(Duration.ofMillis(50)).build())
                .build();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Connection c : held) {
            c.close();
        }
        if (chromium != null) {
            chromium.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        dataSource.close();
        registry.close();
    }

    @Test
    void thePageShowsTheWorkloadAsMetricsDoesAndRefreshes() throws Exception {
        exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1").buildAndStart();
        run(HEAVY, 6);
        run("SELECT 1", 20);
        hold(2);

        chromium = HeadlessChromium.start();
        String page = chromium.newPage();
        List<String> consoleErrors = collectConsoleErrors(page);
        chromium.send(page, "Page.navigate", Map.of("url", base() + "/"));

        JsonNode first = waitForPage(page, p -> !p.get("statements").isEmpty()
                && !p.get("statements").get(0).get("fingerprint").asText().isEmpty());
        Scrape metrics = scrape();
        String topFingerprint = heaviestFingerprint(metrics);
        JsonNode top = first.get("statements").get(0);
        assertThat(top.get("fingerprint").asText()).isEqualTo(topFingerprint);
        assertThat(top.get("sql").asText()).isEqualTo(HEAVY_NORMALISED).isEqualTo(metrics.series("db_statement_info")
                .stream().filter(l -> topFingerprint.equals(l.get("fingerprint"))).findFirst().orElseThrow().get("sql"));
        assertThat(top.get("count").asText()).isEqualTo("6").isEqualTo(integer(metrics.value(
                "db_statement_executed_total", "datasource", name, "fingerprint", topFingerprint)));
        JsonNode row = datasourceRow(first);
        assertThat(row.get("saturation").asText()).isEqualTo("0.50").isEqualTo(String.format(Locale.ROOT, "%.2f",
                metrics.value("db_pool_saturation_ratio", "datasource", name)));
        // every pg_sleep(0.1) is past the 50 ms threshold; on a busy machine a SELECT 1 may be too
        assertThat(first.get("slow")).hasSize((int) metrics.sum("db_slow_queries_total", "datasource", name))
                .allSatisfy(q -> assertThat(q.asText()).doesNotContain("0.1").doesNotContain("| SELECT 1")
                        .containsAnyOf("| " + HEAVY_NORMALISED, "| SELECT ?"));
        assertThat(first.get("slow")).filteredOn(q -> q.asText().endsWith("| " + HEAVY_NORMALISED)).hasSize(6);
        assertThat(first.get("note").asText()).contains("estimated from the histogram buckets");
        Files.write(Path.of("target", "live-page.png"), chromium.screenshot(page));

        run(HEAVY, 4);
        hold(1);
        JsonNode refreshed = waitForPage(page, p -> !p.get("statements").isEmpty()
                && p.get("statements").get(0).get("count").asText().equals("10"));
        Scrape later = scrape();
        assertThat(refreshed.get("statements").get(0).get("count").asText()).isEqualTo(integer(later.value(
                "db_statement_executed_total", "datasource", name, "fingerprint", topFingerprint)));
        waitForPage(page, p -> datasourceRow(p).get("saturation").asText().equals("0.75"));
        assertThat(later.value("db_pool_saturation_ratio", "datasource", name)).isEqualTo(0.75);
        Files.write(Path.of("target", "live-page-refreshed.png"), chromium.screenshot(page));

        assertThat(consoleErrors).as("console errors and uncaught exceptions").isEmpty();
    }

    @Test
    void withBasicAuthThePageAsksForCredentialsAndShowsNothingWithout() throws Exception {
        Path webConfig = Files.writeString(folder.resolve("web-config.yml"),
                "basic_auth_users:\n  " + USER + ": " + BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray()) + "\n");
        exporter = MetricsExporter.builder().registry(registry).port(0).host("127.0.0.1").webConfig(webConfig)
                .buildAndStart();
        run(HEAVY, 2);

        for (String path : List.of("/", "/api/summary", "/live.js")) {
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic realm="));
            assertThat(anonymous.body()).as(path).doesNotContain("Top statements").doesNotContain("datasources");
        }

        chromium = HeadlessChromium.start();
        String page = chromium.newPage();
        ConcurrentLinkedQueue<JsonNode> challenges = new ConcurrentLinkedQueue<>();
        boolean[] answer = {false};
        chromium.onEvent(event -> {
            if (!page.equals(event.path("sessionId").asText())) {
                return;
            }
            String method = event.path("method").asText();
            JsonNode params = event.path("params");
            if (method.equals("Fetch.requestPaused")) {
                chromium.sendAsync(page, "Fetch.continueRequest", Map.of("requestId", params.get("requestId").asText()));
            } else if (method.equals("Fetch.authRequired")) {
                challenges.add(params.get("authChallenge"));
                Map<String, String> response = answer[0]
                        ? Map.of("response", "ProvideCredentials", "username", USER, "password", PASSWORD)
                        : Map.of("response", "CancelAuth");
                chromium.sendAsync(page, "Fetch.continueWithAuth",
                        Map.of("requestId", params.get("requestId").asText(), "authChallengeResponse", response));
            }
        });
        chromium.send(page, "Fetch.enable", Map.of("handleAuthRequests", true));

        chromium.send(page, "Page.navigate", Map.of("url", base() + "/"));
        JsonNode refused = waitFor(page, "document.readyState === 'complete' && location.href !== 'about:blank'"
                + " ? document.body.innerText : null");
        assertThat(challenges).as("the browser was asked for credentials").hasSize(1);
        JsonNode challenge = challenges.peek();
        assertThat(challenge.get("scheme").asText().toLowerCase(Locale.ROOT)).isEqualTo("basic");
        assertThat(challenge.get("origin").asText()).isEqualTo(base());
        assertThat(refused.asText()).doesNotContain("Top statements").doesNotContain("Datasources");
        assertThat(chromium.evaluate(page, "document.getElementById('statements') === null").asBoolean()).isTrue();

        answer[0] = true;
        chromium.send(page, "Page.navigate", Map.of("url", base() + "/"));
        JsonNode shown = waitForPage(page, p -> !p.get("statements").isEmpty()
                && !p.get("statements").get(0).get("fingerprint").asText().isEmpty());
        assertThat(shown.get("statements").get(0).get("sql").asText()).isEqualTo(HEAVY_NORMALISED);
        assertThat(challenges).hasSize(2);
        Files.write(Path.of("target", "live-page-auth.png"), chromium.screenshot(page));
    }

    // ---- the workload ----

    private void run(String sql, int times) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < times; i++) {
                s.execute(sql);
            }
        }
    }

    private void hold(int connections) throws SQLException {
        for (int i = 0; i < connections; i++) {
            held.add(dataSource.getConnection());
        }
    }

    // ---- the page ----

    /** What the page shows, read from its DOM as text. */
    private static final String READ_PAGE = """
            (() => {
              if (document.readyState !== 'complete' || !document.getElementById('statements')) return null;
              const rows = id => [...document.querySelectorAll('#' + id + ' tbody tr')];
              const text = tr => [...tr.cells].map(td => td.textContent);
              return {
                status: document.getElementById('status').textContent,
                note: document.querySelector('.note').textContent,
                datasources: rows('datasources').filter(tr => tr.dataset.name).map(tr => ({
                  name: tr.dataset.name,
                  saturation: tr.querySelector('[data-field=saturation]').textContent,
                  cells: text(tr)})),
                statements: rows('statements').filter(tr => tr.dataset.fingerprint).map(tr => ({
                  fingerprint: tr.dataset.fingerprint,
                  sql: tr.cells[1].textContent,
                  count: tr.querySelector('[data-field=count]').textContent})),
                slow: rows('slow').filter(tr => tr.cells.length > 1).map(tr => text(tr).join(' | ')),
              };
            })()""";

    private JsonNode waitForPage(String page, Predicate<JsonNode> ready) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = chromium.evaluate(page, READ_PAGE);
            if (last != null && !last.isNull() && ready.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the page did not get there within " + WAIT + "; it shows: " + last);
    }

    private JsonNode waitFor(String page, String expression) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode value = chromium.evaluate(page, expression);
            if (value != null && !value.isNull()) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(expression + " stayed null for " + WAIT);
    }

    private JsonNode datasourceRow(JsonNode page) {
        for (JsonNode row : page.get("datasources")) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + name + " in " + page);
    }

    private List<String> collectConsoleErrors(String page) {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        chromium.onEvent(event -> {
            if (!page.equals(event.path("sessionId").asText())) {
                return;
            }
            JsonNode params = event.path("params");
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
                        errors.add("console." + type + ": " + params.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    if (entry.path("level").asText().equals("error") || entry.path("level").asText().equals("warning")) {
                        errors.add("log " + entry.path("source").asText() + ": " + entry.path("text").asText()
                                + " " + entry.path("url").asText());
                    }
                }
                default -> {
                }
            }
        });
        chromium.send(page, "Runtime.enable", Map.of());
        chromium.send(page, "Log.enable", Map.of());
        chromium.send(page, "Page.enable", Map.of());
        return errors;
    }

    // ---- /metrics ----

    private Scrape scrape() throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        return Scrape.parse(body);
    }

    private String heaviestFingerprint(Scrape metrics) {
        String heaviest = null;
        double most = -1;
        for (Map<String, String> labels : metrics.series("db_statement_duration_seconds_sum")) {
            double sum = metrics.value("db_statement_duration_seconds_sum", "datasource", name,
                    "fingerprint", labels.get("fingerprint"));
            if (sum > most) {
                most = sum;
                heaviest = labels.get("fingerprint");
            }
        }
        return heaviest;
    }

    private static String integer(double value) {
        return Long.toString((long) value);
    }

    private String base() {
        return "http://127.0.0.1:" + exporter.getPort();
    }
}
