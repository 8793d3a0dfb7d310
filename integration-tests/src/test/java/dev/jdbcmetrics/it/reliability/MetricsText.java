package dev.jdbcmetrics.it.reliability;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums and groups samples of a Prometheus text scrape. */
final class MetricsText {

    private final String text;

    MetricsText(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** The sum of every sample of {@code name} that carries all the given {@code key="value"} labels. */
    double sum(String name, String... labels) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The samples of {@code name} carrying {@code labels}, summed per value of the label {@code by}. */
    Map<String, Long> sumBy(String name, String by, String... labels) {
        Pattern value = Pattern.compile("[{,]" + Pattern.quote(by) + "=\"([^\"]*)\"");
        Map<String, Long> out = new TreeMap<>();
        text.lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .forEach(l -> {
                    Matcher m = value.matcher(l);
                    if (m.find()) {
                        long v = (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                        if (v != 0) {
                            out.merge(m.group(1), v, Long::sum);
                        }
                    }
                });
        return out;
    }

    static String label(String key, String value) {
        return key + "=\"" + value + "\"";
    }
}
