package dev.jdbcmetrics.sidecar;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.ConfigText;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPoolTest {

    /** Found by SidecarConfigFuzzTest: MySQL Connector/J's acceptsURL threw on the '%'. */
    @Test
    void aUrlADriverThrowsOnIsAConfigurationErrorNamingTheTarget() throws Exception {
        SidecarConfig config = new ConfigText(Map.of(), Path.of(".")).parse("""
                targets:
                  - name: shop
                    url: jdbc:%h2:mem:fuzz
                """);

        assertThatThrownBy(() -> Sidecar.builder(config).port(0).host("127.0.0.1").start())
                .isInstanceOf(ConfigException.class)
                .hasMessage("target 'shop': no JDBC driver for 'jdbc:%h2:' URLs (drivers included: postgresql,"
                        + " mysql, mariadb, h2)");
    }
}
