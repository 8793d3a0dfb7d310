package dev.jdbcmetrics.exporter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code jdbc_metrics_build_info{version="..."} 1}. The version comes from
 * {@code version.properties}, filled in by Maven resource filtering at build time.
 */
final class BuildInfo {

    static final String UNKNOWN = "unknown";
    static final String VERSION = readVersion();

    private BuildInfo() {
    }

    /** Registers the build-info gauge; registering it again is a no-op. */
    static void register(MeterRegistry registry) {
        // Micrometer's Prometheus naming turns a gauge ending in ".info" into an info metric.
        Gauge.builder("jdbc.metrics.build.info", () -> 1)
                .description("jdbc-metrics build information; the value is always 1")
                .tag("version", VERSION)
                .register(registry);
    }

    private static String readVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
