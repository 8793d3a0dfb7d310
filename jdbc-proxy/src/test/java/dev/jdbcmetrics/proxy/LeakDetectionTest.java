package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.proxy.internal.LeakDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections held past the leak threshold: counted and logged once with the stack that took them. */
class LeakDetectionTest {

    private static final String DS = label("datasource", "leaky");

    private PrometheusMeterRegistry registry;
    private HikariDataSource pool;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:leaks;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void tearDown() {
        pool.close();
        registry.close();
    }

    @Test
    void connectionHeldPastTheThresholdIsCountedAndLoggedOnceWithItsStack() throws Exception {
        MeteredDataSource ds = metered(Duration.ofMillis(200));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Connection held = ds.getConnection();
            Eventually.await("the leak is counted and logged",
                    () -> leaks() == 1 && err.toString(StandardCharsets.UTF_8).contains("LeakDetectionTest"),
                    () -> leaks() + " leaks; log: " + err.toString(StandardCharsets.UTF_8));
            held.close();
        } finally {
            System.setErr(originalErr);
        }

        String log = err.toString(StandardCharsets.UTF_8);
        List<String> warnings = log.lines().filter(l -> l.contains(" WARN ")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("Connection leak on datasource 'leaky': a connection has been held"
                + " for more than 200 ms without being closed.");
        assertThat(log).contains("java.lang.Exception: The connection was taken here");
        assertThat(log).contains("at dev.jdbcmetrics.proxy.LeakDetectionTest"
                + ".connectionHeldPastTheThresholdIsCountedAndLoggedOnceWithItsStack(LeakDetectionTest.java:");
        assertThat(leaks()).isEqualTo(1);
        assertThat(Scrape.of(registry).value("db_connection_usage_seconds_count", DS)).isEqualTo(1);
    }

    @Test
    void connectionsClosedBeforeTheThresholdAreNoLeaks() throws Exception {
        MeteredDataSource ds = metered(Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) {
            ds.getConnection().close();
        }
        // Past the threshold of every borrow above: a watch that was not cancelled would have fired.
        TimeUnit.MILLISECONDS.sleep(1_000);
        assertThat(leaks()).isEqualTo(0);
        assertThat(Scrape.of(registry).value("db_connection_usage_seconds_count", DS)).isEqualTo(10);
    }

    @Test
    void offByDefaultAndThenNoThreadIsCreated() throws Exception {
        assertThat(MetricsConfig.defaults().leakThreshold()).isZero();
        assertThat(LeakDetector.of(Duration.ZERO, null, "x")).isSameAs(LeakDetector.OFF);

        // A fresh JVM, so no other test's detector thread muddies the answer.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java", "-cp", classPath, LeakDetectorThreadProbe.class.getName())
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the probe finishes").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output.lines()).as(output).contains("default: thread=false", "threshold 1s: thread=true");
    }

    private MeteredDataSource metered(Duration threshold) {
        return MeteredDataSource.builder(pool).name("leaky").registry(registry)
                .config(MetricsConfig.builder().leakThreshold(threshold).build()).build();
    }

    private double leaks() {
        return Scrape.of(registry).value("db_connection_leaks_total", DS);
    }
}
