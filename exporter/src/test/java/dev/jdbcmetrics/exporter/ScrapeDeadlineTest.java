package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScrapeDeadlineTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void keepsAMarginOfATenthAtLeast250MsAtMostHalf() {
        assertThat(ScrapeDeadline.budgetNanos("10")).isEqualTo(9_000 * MS);
        assertThat(ScrapeDeadline.budgetNanos("1")).isEqualTo(750 * MS);
        assertThat(ScrapeDeadline.budgetNanos("0.2")).isEqualTo(100 * MS);
        assertThat(ScrapeDeadline.budgetNanos(" 2.5 ")).isEqualTo(2_250 * MS);
    }

    @Test
    void ignoresAMissingOrUnusableHeader() {
        assertThat(ScrapeDeadline.budgetNanos(null)).isNegative();
        assertThat(ScrapeDeadline.budgetNanos("ten")).isNegative();
        assertThat(ScrapeDeadline.budgetNanos("0")).isNegative();
        assertThat(ScrapeDeadline.budgetNanos("-3")).isNegative();
        assertThat(ScrapeDeadline.budgetNanos("NaN")).isNegative();
        assertThat(ScrapeDeadline.budgetNanos("1e300")).isNegative();
    }

    @Test
    void hasNoDeadlineOutsideAScrape() throws Exception {
        assertThat(ScrapeDeadline.remainingNanos()).isEqualTo(Long.MAX_VALUE);

        AtomicReference<Long> inside = new AtomicReference<>();
        ScrapeDeadline.within(5_000 * MS, () -> inside.set(ScrapeDeadline.remainingNanos()));

        assertThat(inside.get()).isBetween(1L, 5_000 * MS);
        assertThat(ScrapeDeadline.remainingNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void clearsTheDeadlineWhenTheScrapeFails() {
        assertThatThrownBy(() -> ScrapeDeadline.within(5_000 * MS, () -> {
            throw new IllegalStateException("collector failed");
        })).hasMessage("collector failed");
        assertThat(ScrapeDeadline.remainingNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void collectorsSeeThePrometheusTimeoutOnTheScrapingThread() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<String> collectingThread = new AtomicReference<>();
        Gauge.builder("test.deadline.remaining", () -> {
            collectingThread.set(Thread.currentThread().getName());
            return ScrapeDeadline.remainingNanos() / 1e9;
        }).register(registry);
        HttpClient client = HttpClient.newHttpClient();

        try (MetricsExporter exporter = MetricsExporter.builder().registry(registry).port(0)
                .host("127.0.0.1").jvmMetrics(false).buildAndStart()) {
            URI uri = URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics");
            String withTimeout = client.send(HttpRequest.newBuilder(uri)
                    .header("X-Prometheus-Scrape-Timeout-Seconds", "10").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String threadWithTimeout = collectingThread.get();
            String withoutTimeout = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            // 10 s minus the 1 s margin; generous lower bound for a busy machine.
            assertThat(remaining(withTimeout)).isGreaterThan(1.0).isLessThanOrEqualTo(9.0);
            assertThat(remaining(withoutTimeout)).isEqualTo(Long.MAX_VALUE / 1e9);
            assertThat(threadWithTimeout).startsWith("jdbc-metrics-http-");
        }
    }

    private static double remaining(String body) {
        Matcher m = Pattern.compile("\ntest_deadline_remaining (\\S+)\n").matcher(body);
        assertThat(m.find()).as("gauge in %s", body).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
