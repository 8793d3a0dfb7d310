package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or unusable jdbc:metrics: URL fails with our own message naming the problem, and
 * a password planted in the URL's query, its user info and the connection properties appears in
 * no message, no log line and no label.
 */
class MetricsDriverErrorsTest {

    private static final String PLANTED = "S3cr3t-planted";
    private static final String EXPECTED_FORM = "expected jdbc:metrics:<driver>:<the driver's own URL>,"
            + " e.g. jdbc:metrics:postgresql://db:5432/app";

    @RegisterExtension
    final DriverRegistry driver = new DriverRegistry();
    private final PrometheusMeterRegistry registry = driver.registry();

    static Stream<Arguments> badUrls() {
        String known = "known settings: jdbcmetrics.driver, jdbcmetrics.durationBuckets,"
                + " jdbcmetrics.leakThresholdMillis, jdbcmetrics.maxSeries, jdbcmetrics.maxTables, jdbcmetrics.name,"
                + " jdbcmetrics.naming, jdbcmetrics.nativeHistograms, jdbcmetrics.slowQueryMillis, jdbcmetrics.statementTop,"
                + " jdbcmetrics.tableLabel";
        return Stream.of(
                Arguments.of("jdbc:metrics:",
                        "jdbc-metrics: the URL 'jdbc:metrics:' names no driver: " + EXPECTED_FORM),
                Arguments.of("jdbc:metrics:postgresql",
                        "jdbc-metrics: malformed URL 'jdbc:metrics:postgresql': " + EXPECTED_FORM),
                Arguments.of("jdbc:metrics:postgresql?password=" + PLANTED,
                        "jdbc-metrics: malformed URL 'jdbc:metrics:postgresql?...': " + EXPECTED_FORM),
                Arguments.of("jdbc:metrics::x",
                        "jdbc-metrics: malformed URL 'jdbc:metrics::x': " + EXPECTED_FORM),
                Arguments.of("jdbc:metrics:nosuchdb://app:" + PLANTED + "@db:5432/orders?password=" + PLANTED,
                        "jdbc-metrics: no JDBC driver found for 'jdbc:nosuchdb://***@db:5432/orders?...':"
                                + " put the driver for 'nosuchdb' on the class path,"
                                + " or name its class with jdbcmetrics.driver=<class>"),
                Arguments.of("jdbc:metrics:h2:mem:x;PASSWORD=" + PLANTED + ";jdbcmetrics.driver=com.example.NoSuchDriver",
                        "jdbc-metrics: jdbcmetrics.driver names 'com.example.NoSuchDriver',"
                                + " which is not on the class path"),
                Arguments.of("jdbc:metrics:h2:mem:x;jdbcmetrics.driver=java.lang.String",
                        "jdbc-metrics: jdbcmetrics.driver names 'java.lang.String', which is not a java.sql.Driver"),
                Arguments.of("jdbc:metrics:nosuchdb://db/x?password=" + PLANTED + "&jdbcmetrics.driver=org.h2.Driver",
                        "jdbc-metrics: the driver 'org.h2.Driver' does not accept 'jdbc:nosuchdb://db/x?...'"),
                Arguments.of("jdbc:metrics:h2:mem:x;PASSWORD=" + PLANTED + ";jdbcmetrics.foo=1",
                        "jdbc-metrics: unknown setting 'jdbcmetrics.foo' for 'jdbc:metrics:h2:mem:x;...'; " + known),
                Arguments.of("jdbc:metrics:postgresql://u:" + PLANTED + "@db/app?jdbcmetrics.slowquerymillis=5",
                        "jdbc-metrics: unknown setting 'jdbcmetrics.slowquerymillis' for"
                                + " 'jdbc:metrics:postgresql://***@db/app?...'; " + known),
                Arguments.of("jdbc:metrics:h2:mem:x?jdbcmetrics.slowQueryMillis=abc",
                        "jdbc-metrics: jdbcmetrics.slowQueryMillis must be a positive number of milliseconds,"
                                + " was 'abc'"),
                Arguments.of("jdbc:metrics:h2:mem:x?jdbcmetrics.slowQueryMillis=0",
                        "jdbc-metrics: jdbcmetrics.slowQueryMillis must be a positive number of milliseconds,"
                                + " was '0'"),
                Arguments.of("jdbc:metrics:h2:mem:x?jdbcmetrics.slowQueryMillis=-5",
                        "jdbc-metrics: jdbcmetrics.slowQueryMillis must be a positive number of milliseconds,"
                                + " was '-5'"),
                Arguments.of("jdbc:metrics:h2:mem:x;jdbcmetrics.tableLabel=maybe",
                        "jdbc-metrics: jdbcmetrics.tableLabel must be true or false, was 'maybe'"),
                Arguments.of("jdbc:metrics:h2:mem:x;jdbcmetrics.maxTables=0",
                        "jdbc-metrics: jdbcmetrics.maxTables must be a whole number of at least 1, was '0'"),
                Arguments.of("jdbc:metrics:h2:mem:x;jdbcmetrics.maxSeries=50",
                        "jdbc-metrics: jdbcmetrics.maxSeries must be at least 118 (the datasource's fixed series and"
                                + " one overflow group with these buckets), was 50"),
                Arguments.of("jdbc:metrics:h2:mem:x;jdbcmetrics.naming=statsd",
                        "jdbc-metrics: jdbcmetrics.naming must be prometheus or otel, was 'statsd'"),
                Arguments.of("jdbc:metrics:h2:mem:x;jdbcmetrics.durationBuckets=0.1,0.05",
                        "jdbc-metrics: jdbcmetrics.durationBuckets must be positive, finite and strictly ascending"
                                + " seconds, was '0.1,0.05'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrls")
    void badUrlsFailWithOneClearMessageAndNoSecret(String url, String expectedMessage) {
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("password", PLANTED);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        SQLException thrown;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            thrown = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, info));
        } finally {
            System.setErr(originalErr);
        }

        assertThat((Throwable) thrown).isNotNull();
        assertThat(thrown.getMessage()).isEqualTo(expectedMessage);
        assertThat(thrown.getSQLState()).isEqualTo("08001");
        assertThat((Object) thrown.getCause()).isNull();
        assertThat((Object) thrown.getNextException()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(PLANTED);
        assertThat(registry.scrape()).doesNotContain(PLANTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrls")
    void getPropertyInfoFailsTheSameWay(String url, String expectedMessage) {
        Properties info = new Properties();
        info.setProperty("password", PLANTED);
        SQLException thrown = catchThrowableOfType(SQLException.class,
                () -> MetricsDriver.INSTANCE.getPropertyInfo(url, info));
        assertThat((Throwable) thrown).hasMessage(expectedMessage);
    }
}
