package dev.jdbcmetrics.sidecar.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoTest {

    private static final Pattern EXECUTED = Pattern.compile(
            "^db_queries_executed_total\\{datasource=\"demo\",[^}]*} (\\S+)$", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newHttpClient();

    private String scrape(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double executed(String text) {
        double sum = 0;
        Matcher matcher = EXECUTED.matcher(text);
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    @Test
    void demoServesMovingMetricsOfEveryKind() throws Exception {
        try (Demo demo = Demo.start(0, "127.0.0.1", null)) {
            // The workload's opening tour runs every kind of statement once, a slow one last.
            String first = scrape(demo.getPort());
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!first.contains("db_slow_queries_total{datasource=\"demo\"")
                    && System.nanoTime() < giveUp) {
                Thread.sleep(250);
                first = scrape(demo.getPort());
            }
            Thread.sleep(2000);
            String second = scrape(demo.getPort());

            assertThat(executed(second)).isGreaterThan(executed(first));
            assertThat(second).contains(
                    "db_queries_failed_total{datasource=\"demo\",operation=\"insert\","
                            + "sqlstate_class=\"23\",table=\"customers\"}",
                    "sqlstate_class=\"42\"",
                    "db_slow_queries_total{datasource=\"demo\",operation=\"call\"",
                    "db_transactions_total{datasource=\"demo\",outcome=\"commit\"}",
                    "db_transactions_total{datasource=\"demo\",outcome=\"rollback\"}",
                    "db_rows_returned_total{datasource=\"demo\",operation=\"select\","
                            + "table=\"orders\"}",
                    "db_rows_affected_total{datasource=\"demo\",operation=\"insert\","
                            + "table=\"audit_log\"}",
                    "db_connections_active{datasource=\"demo\"}",
                    "db_connections_max{datasource=\"demo\"} 4.0",
                    "db_pool_saturation_ratio{datasource=\"demo\"}",
                    "db_up{target=\"demo\"} 1.0",
                    "demo_orders_by_status{status=\"paid\",target=\"demo\"}",
                    "db_collector_errors_total{collector=\"demo_shop\",kind=\"query\",target=\"demo\"} 0.0",
                    // statement mode is on in the demo: the slow CALL is among its top statements
                    "sql=\"CALL SLEEP_MS(?)\"");
            long statements = second.lines().filter(l -> l.startsWith("db_statement_info{")).count();
            assertThat(statements).isBetween(1L, (long) Demo.STATEMENT_TOP);
        }
    }
}
