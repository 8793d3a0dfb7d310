package dev.jdbcmetrics.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrometheusServerIT {

    private static PrometheusServer prometheus;

    @BeforeAll
    static void startScrapingItself() {
        prometheus = PrometheusServer.builder().scrapeSelf().start();
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void scrapesItselfAndReportsUpThroughTheQueryApi() {
        String up = "up{job=\"prometheus\",instance=\"127.0.0.1:" + prometheus.port() + "\"}";

        double value = prometheus.awaitValue(up, v -> v == 1.0, Duration.ofSeconds(30));

        assertThat(value).isEqualTo(1.0);
        assertThat(prometheus.targetsUp()).isTrue();
        assertThat(prometheus.targets()).singleElement().satisfies(target -> {
            assertThat(target.job()).isEqualTo("prometheus");
            assertThat(target.scrapeUrl()).isEqualTo("http://127.0.0.1:" + prometheus.port() + "/metrics");
            assertThat(target.lastError()).isEmpty();
        });
    }

    @Test
    void scalarEvaluatesConstantExpressions() {
        assertThat(prometheus.scalar("1 + 2")).isEqualTo(3.0);
        assertThat(prometheus.scalar("vector(0.25)")).isEqualTo(0.25);
        assertThat(prometheus.scalar("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void rejectedQueryFailsWithPrometheusMessage() {
        assertThatThrownBy(() -> prometheus.query("sum(rate(x[5m])"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad_data")
                .hasMessageContaining("unclosed left parenthesis");
    }

    @Test
    void scalarRefusesAnEmptyResult() {
        assertThatThrownBy(() -> prometheus.scalar("no_such_metric_anywhere"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("'no_such_metric_anywhere' should yield one sample but gave vector with 0 entries: []");
    }
}
