package dev.jdbcmetrics.it.boot;

import dev.jdbcmetrics.it.support.Scrape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real Spring Boot application (embedded web server on a free port, actuator with the
 * Prometheus endpoint) started with the given properties, and read over HTTP.
 */
final class RunningApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Starts {@code source} with the test defaults plus {@code properties} (which win). */
    static RunningApp start(Class<?> source, Map<String, String> properties) {
        return new RunningApp(application(source, properties).run());
    }

    /** The application {@link #start} would run, for tests that expect it to fail. */
    static SpringApplication application(Class<?> source, Map<String, String> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("management.endpoints.web.exposure.include", "health,prometheus");
        all.put("management.endpoint.health.show-components", "always");
        all.put("spring.jmx.enabled", "false");
        all.put("spring.main.banner-mode", "off");
        all.putAll(properties);
        SpringApplication application = new SpringApplication(source);
        application.setDefaultProperties(all);
        return application;
    }

    int port() {
        return port;
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource("dataSource"));
    }

    DataSource dataSource(String beanName) {
        return context.getBean(beanName, DataSource.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    /** {@code GET /actuator/prometheus}, parsed. */
    Scrape scrape() {
        return Scrape.parse(get("/actuator/prometheus"));
    }

    /** The body of a GET on the application's port that must answer 200. */
    String get(String path) {
        return get(port, path);
    }

    /** The body of a GET on {@code port} of 127.0.0.1 that must answer 200. */
    static String get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
