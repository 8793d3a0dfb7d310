package dev.jdbcmetrics.it.support;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sample values read out of a real Prometheus text-format scrape of a
 * {@link PrometheusMeterRegistry}, matched on exact label values.
 *
 * <pre>{@code
 * Scrape scrape = Scrape.of(registry);
 * double n = scrape.value("db_queries_executed_total", "datasource", "pg", "operation", "select");
 * }</pre>
 */
public final class Scrape {

    private final String text;
    private final List<Sample> samples;

    private Scrape(String text) {
        this.text = text;
        this.samples = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(Sample::parse).toList();
    }

    /**
     * Scrapes {@code registry} now.
     *
     * @param registry the registry the workload records into
     * @return the parsed scrape
     */
    public static Scrape of(PrometheusMeterRegistry registry) {
        return new Scrape(registry.scrape());
    }

    /**
     * Parses a scrape fetched over HTTP.
     *
     * @param exposition the Prometheus text format (0.0.4)
     * @return the parsed scrape
     */
    public static Scrape parse(String exposition) {
        return new Scrape(exposition);
    }

    /**
     * Returns the value of the one sample of {@code name} that carries every given label.
     *
     * @param name the sample name, e.g. {@code db_query_duration_seconds_count}
     * @param labels label names and values, alternating
     * @return its value
     * @throws AssertionError naming the sample and showing the scrape when none or several match
     */
    public double value(String name, String... labels) {
        List<Sample> matches = matching(name, labels);
        if (matches.size() != 1) {
            throw new AssertionError("expected exactly one sample " + name + " with " + Arrays.toString(labels)
                    + " but found " + matches.size() + " in:\n" + relevant(name));
        }
        return matches.get(0).value;
    }

    /**
     * Returns the sum over every sample of {@code name} that carries the given labels; 0 when none does.
     *
     * @param name the sample name
     * @param labels label names and values, alternating
     * @return the sum
     */
    public double sum(String name, String... labels) {
        return matching(name, labels).stream().mapToDouble(s -> s.value).sum();
    }

    /**
     * Tells whether any sample of {@code name} carries the given labels.
     *
     * @param name the sample name
     * @param labels label names and values, alternating
     * @return true when at least one does
     */
    public boolean has(String name, String... labels) {
        return !matching(name, labels).isEmpty();
    }

    /**
     * Returns the label maps of every sample of {@code name}, for asserting which series exist.
     *
     * @param name the sample name
     * @return each sample's labels, in scrape order
     */
    public List<Map<String, String>> series(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).map(s -> s.labels).toList();
    }

    /**
     * Returns the whole scrape.
     *
     * @return the exposition text
     */
    public String text() {
        return text;
    }

    private List<Sample> matching(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + Arrays.toString(labels));
        }
        List<Sample> out = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name.equals(name) && sample.carries(labels)) {
                out.add(sample);
            }
        }
        return out;
    }

    private String relevant(String name) {
        String family = name.replaceAll("_(bucket|count|sum|total|max)$", "");
        List<String> lines = text.lines().filter(l -> l.startsWith(family)).toList();
        return lines.isEmpty() ? "(no " + family + "* samples at all)" : String.join("\n", lines);
    }

    /** One exposition line: {@code name{k="v",...} value}. */
    private record Sample(String name, Map<String, String> labels, double value) {

        static Sample parse(String line) {
            int brace = line.indexOf('{');
            int valueStart = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace < 0 || brace > valueStart) {
                name = line.substring(0, line.indexOf(' '));
            } else {
                name = line.substring(0, brace);
                parseLabels(line, brace + 1, labels);
            }
            return new Sample(name, labels, number(line.substring(valueStart + 1)));
        }

        /** Label values are quoted with {@code \\}, {@code \"} and {@code \n} escapes. */
        private static void parseLabels(String line, int at, Map<String, String> labels) {
            int i = at;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
        }

        private static double number(String text) {
            return switch (text) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        }

        boolean carries(String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
