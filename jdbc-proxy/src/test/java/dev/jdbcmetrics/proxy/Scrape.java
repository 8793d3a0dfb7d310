package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Reads sample values out of a real Prometheus text scrape. */
final class Scrape {

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    static Scrape of(PrometheusMeterRegistry registry) {
        return new Scrape(registry.scrape());
    }

    /**
     * The value of the one sample whose line starts with {@code name{} and carries every given
     * {@code label="value"} pair; fails when none or several match.
     */
    double value(String name, String... labels) {
        List<String> matches = samples(name, labels);
        assertThat(matches).as("samples of %s with %s in:%n%s", name, Arrays.toString(labels), text).hasSize(1);
        String line = matches.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** Whether any sample of {@code name} carries the given labels. */
    boolean has(String name, String... labels) {
        return !samples(name, labels).isEmpty();
    }

    List<String> samples(String name, String... labels) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .collect(Collectors.toList());
    }

    String text() {
        return text;
    }

    static String label(String key, String value) {
        return key + "=\"" + value + "\"";
    }
}
