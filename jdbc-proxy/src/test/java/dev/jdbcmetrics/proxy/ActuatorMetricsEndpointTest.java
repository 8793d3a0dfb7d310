package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.metrics.MetricsEndpoint;

/** What {@code /actuator/metrics/db.query.duration} answers, through Spring Boot's own endpoint class. */
class ActuatorMetricsEndpointTest {

    private static void selectTwice(MeterRegistry registry, String name) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ActuatorMetricsEndpointTest_" + name);
        MeteredDataSource ds = MeteredDataSource.builder(h2).name(name).registry(registry).build();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }
    }

    private static Map<String, Object> tags(MetricsEndpoint.MetricDescriptor metric) {
        return metric.getAvailableTags().stream()
                .collect(Collectors.toMap(MetricsEndpoint.AvailableTag::getTag, t -> t.getValues()));
    }

    @Test
    void aSimpleRegistryAnswersWithCountAndTotalTime() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        selectTwice(registry, "simple");

        MetricsEndpoint.MetricDescriptor metric = new MetricsEndpoint(registry).metric("db.query.duration", null);

        assertThat(metric).isNotNull();
        assertThat(metric.getMeasurements()).anySatisfy(m -> {
            assertThat(m.getStatistic().name()).isEqualTo("COUNT");
            assertThat(m.getValue()).isEqualTo(2.0);
        });
        assertThat(tags(metric)).containsKeys("datasource", "operation", "outcome", "table");
    }

    @Test
    void thePrometheusFastPathAnswersWithItsTagsAndNoMeasurements() throws SQLException {
        // The histogram is exposed by our collector; the registry holds its anchor (see core/README.md).
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        selectTwice(registry, "prometheus");
        MetricsEndpoint endpoint = new MetricsEndpoint(registry);

        MetricsEndpoint.MetricDescriptor metric = endpoint.metric("db.query.duration", null);

        assertThat(metric).isNotNull();
        assertThat(metric.getMeasurements()).isEmpty();
        assertThat(tags(metric)).containsKeys("datasource", "operation", "outcome", "table");
        assertThat(endpoint.metric("db.queries.executed", null).getMeasurements())
                .singleElement().satisfies(m -> assertThat(m.getValue()).isEqualTo(2.0));
    }
}
