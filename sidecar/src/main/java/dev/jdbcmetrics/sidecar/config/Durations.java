package dev.jdbcmetrics.sidecar.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus-style durations: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1m30s}. */
final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * @param text the duration as written
     * @return the duration, or null when {@code text} is not one
     */
    static Duration parse(String text) {
        if (!WHOLE.matcher(text).matches()) {
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount;
            try {
                amount = Long.parseLong(part.group(1));
            } catch (NumberFormatException tooLong) {
                return null;
            }
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return total;
    }
}
