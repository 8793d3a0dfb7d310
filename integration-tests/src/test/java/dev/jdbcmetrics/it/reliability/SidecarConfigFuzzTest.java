package dev.jdbcmetrics.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.exporter.ExporterConfigException;
import dev.jdbcmetrics.sidecar.Sidecar;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutated sidecar configurations (characters deleted, inserted, replaced; the file cut short):
 * parsing and starting either work or fail with one of our configuration exceptions, whose
 * message is one clear line without the planted password; never another exception, and never a
 * half-started exporter: the port is free again after a failed start.
 */
class SidecarConfigFuzzTest {

    private static final String SECRET = "Pl4ntedFuzzSecret";
    private static final String VALID = """
            targets:
              - name: shop
                url: jdbc:h2:mem:fuzz;DB_CLOSE_DELAY=-1
                user: sa
                password_env: SHOP_PASSWORD
                pool: { max_size: 2, connection_timeout: 500ms }
                collectors: [stats]
            collectors:
              - name: stats
                min_interval: 30s
                timeout: 5s
                metrics:
                  - name: one_value
                    type: gauge
                    help: Always one
                    query: SELECT 1 AS n, 'x' AS kind
                    labels: [kind]
                    value: n
            """;

    @Property(tries = 300)
    void mutatedConfigurationsFailWithOneClearMessageAndLeaveThePortFree(@ForAll("mutated") String yaml)
            throws IOException {
        int port = freePort();
        Throwable failure = null;
        try {
            SidecarConfig config = SidecarConfig.parse(new StringReader(yaml), Map.of("SHOP_PASSWORD", SECRET)::get,
                    Path.of("."));
            Sidecar sidecar = Sidecar.builder(config).port(port).host("127.0.0.1").start();
            sidecar.close();
        } catch (ConfigException | ExporterConfigException e) {
            failure = e;
        } catch (RuntimeException e) {
            throw new AssertionError("not one of our configuration errors for:\n" + yaml, e);
        }
        if (failure != null) {
            assertThat(failure.getMessage()).as("message for:%n%s", yaml).isNotBlank()
                    .doesNotContain(SECRET).doesNotContain("\n\tat ");
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port); // nothing half-started holds it
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, VALID.length() - 1);
        Arbitrary<String> junk = Arbitraries.strings().withChars(":-[]{}#&*!|>'\"%@`, \n\t\u0000é0123456789abc")
                .ofMinLength(1).ofMaxLength(4);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        return Combinators.combine(at, junk, kind).as((i, j, k) -> switch (k) {
            case 0 -> VALID.substring(0, i) + VALID.substring(Math.min(VALID.length(), i + j.length()));
            case 1 -> VALID.substring(0, i) + j + VALID.substring(i);
            case 2 -> VALID.substring(0, i) + j + VALID.substring(Math.min(VALID.length(), i + j.length()));
            default -> VALID.substring(0, i);
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
