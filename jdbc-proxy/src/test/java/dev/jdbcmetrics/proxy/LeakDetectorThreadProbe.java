package dev.jdbcmetrics.proxy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** Run in its own JVM by LeakDetectionTest: does leak detection start a thread, off and on? */
final class LeakDetectorThreadProbe {

    private LeakDetectorThreadProbe() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:probe;DB_CLOSE_DELAY=-1");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            MeteredDataSource off = MeteredDataSource.wrap(pool, new SimpleMeterRegistry());
            for (int i = 0; i < 3; i++) {
                off.getConnection().close();
            }
            System.out.println("default: thread=" + detectorThreadExists());
            MeteredDataSource on = MeteredDataSource.builder(pool).name("on").registry(new SimpleMeterRegistry())
                    .config(MetricsConfig.builder().leakThreshold(Duration.ofSeconds(1)).build()).build();
            on.getConnection().close();
            System.out.println("threshold 1s: thread=" + detectorThreadExists());
        }
    }

    private static boolean detectorThreadExists() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("jdbc-metrics-leak-detector"));
    }
}
