package dev.jdbcmetrics.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of {@link MetricsConfig} by name, one table for every way of use: the URL's
 * {@code jdbcmetrics.*} parameters, Spring Boot's {@code jdbc-metrics.*} properties and the
 * sidecar's {@code settings:} of a target all spell the same settings, each as its ecosystem
 * expects, and all fail the same way on an unknown name or a bad value.
 *
 * <pre>{@code
 * MetricsConfig config = MetricsSettings.apply(Map.of("jdbcmetrics.maxTables", "50"),
 *         MetricsSettings.Form.URL, MetricsConfig.builder()).build();
 * }</pre>
 */
public final class MetricsSettings {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    /** How one way of use spells the settings. */
    public enum Form {
        /** {@code jdbcmetrics.} + camelCase, durations as whole milliseconds. */
        URL("jdbcmetrics."),
        /** {@code jdbc-metrics.} + kebab-case, durations with a unit ({@code 500ms}, {@code 1s}). */
        SPRING_BOOT("jdbc-metrics."),
        /** snake_case keys of a sidecar target's {@code settings:}, durations with a unit. */
        SIDECAR("");

        private final String prefix;

        Form(String prefix) {
            this.prefix = prefix;
        }

        /** What every key of this form starts with (empty for the sidecar). */
        public String prefix() {
            return prefix;
        }
    }

    /** One setting and its spelling in each form. */
    public enum Setting {
        /** {@link MetricsConfig.Builder#tableLabel(boolean)}. */
        TABLE_LABEL("tableLabel", "table-label", "table_label", Kind.BOOLEAN),
        /** {@link MetricsConfig.Builder#maxTables(int)}. */
        MAX_TABLES("maxTables", "max-tables", "max_tables", Kind.COUNT),
        /** {@link MetricsConfig.Builder#maxSeries(int)}. */
        MAX_SERIES("maxSeries", "max-series", "max_series", Kind.COUNT),
        /** {@link MetricsConfig.Builder#slowQueryThreshold(Duration)}. */
        SLOW_QUERY_THRESHOLD("slowQueryMillis", "slow-query-threshold", "slow_query_threshold", Kind.DURATION),
        /** {@link MetricsConfig.Builder#leakThreshold(Duration)}; not a sidecar setting (it owns its pools). */
        LEAK_THRESHOLD("leakThresholdMillis", "leak-threshold", null, Kind.DURATION),
        /** {@link MetricsConfig.Builder#statementTop(int)}. */
        STATEMENT_TOP("statementTop", "statement-top", "statement_top", Kind.COUNT),
        /** {@link MetricsConfig.Builder#durationBuckets(double...)}. */
        DURATION_BUCKETS("durationBuckets", "duration-buckets", "duration_buckets", Kind.BUCKETS),
        /** {@link MetricsConfig.Builder#nativeHistograms(boolean)}. */
        NATIVE_HISTOGRAMS("nativeHistograms", "native-histograms", "native_histograms", Kind.BOOLEAN),
        /** {@link MetricsConfig.Builder#naming(Naming)}. */
        NAMING("naming", "naming", "naming", Kind.NAMING);

        private final String url;
        private final String springBoot;
        private final String sidecar;
        private final Kind kind;

        Setting(String url, String springBoot, String sidecar, Kind kind) {
            this.url = url;
            this.springBoot = springBoot;
            this.sidecar = sidecar;
            this.kind = kind;
        }

        /** The key in {@code form}, prefix included, or null where the form has no such setting. */
        public String key(Form form) {
            String name = switch (form) {
                case URL -> url;
                case SPRING_BOOT -> springBoot;
                case SIDECAR -> sidecar;
            };
            return name == null ? null : form.prefix() + name;
        }
    }

    private enum Kind { BOOLEAN, COUNT, DURATION, BUCKETS, NAMING }

    private MetricsSettings() {
    }

    /**
     * Applies every setting in {@code values} (keys as {@code form} spells them, prefix included)
     * to {@code builder}.
     *
     * @return {@code builder}
     * @throws IllegalArgumentException for the first unknown key or bad value, with a message that
     *                                  names the key, the value and what is expected
     */
    public static MetricsConfig.Builder apply(Map<String, String> values, Form form, MetricsConfig.Builder builder) {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Setting setting = find(entry.getKey(), form);
            if (setting == null) {
                throw new IllegalArgumentException("unknown setting '" + entry.getKey() + "'; known settings: "
                        + String.join(", ", keys(form)));
            }
            try {
                set(builder, setting, form, entry.getValue() == null ? "" : entry.getValue().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(entry.getKey() + " " + e.getMessage(), e);
            }
        }
        return builder;
    }

    /**
     * Builds the configuration of {@code builder}, as {@link MetricsConfig.Builder#build()} does,
     * but a series cap too small for the other settings is refused under its key in {@code form}
     * ({@code jdbc-metrics.max-series must be at least 118 …}), since that is what the user wrote.
     *
     * @throws IllegalArgumentException if the series cap cannot hold the fixed series and the overflow group
     */
    public static MetricsConfig build(MetricsConfig.Builder builder, Form form) {
        return builder.build(Setting.MAX_SERIES.key(form));
    }

    /**
     * The configuration {@code values} describe on top of the defaults: {@link #apply} then
     * {@link #build}, so every message names the key as {@code form} spells it.
     *
     * @throws IllegalArgumentException for an unknown key, a bad value, or a series cap too small
     */
    public static MetricsConfig config(Map<String, String> values, Form form) {
        return build(apply(values, form, MetricsConfig.builder()), form);
    }

    /** The setting {@code key} names in {@code form} (spelled exactly), or null. */
    public static Setting find(String key, Form form) {
        for (Setting setting : Setting.values()) {
            String known = setting.key(form);
            if (known != null && known.equals(key)) {
                return setting;
            }
        }
        return null;
    }

    /** Every key of {@code form}, prefix included, in the table's order. */
    public static List<String> keys(Form form) {
        List<String> keys = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting.key(form) != null) {
                keys.add(setting.key(form));
            }
        }
        return keys;
    }

    private static void set(MetricsConfig.Builder builder, Setting setting, Form form, String value) {
        switch (setting) {
            case TABLE_LABEL -> builder.tableLabel(bool(value));
            case MAX_TABLES -> builder.maxTables(count(value, 1));
            case MAX_SERIES -> builder.maxSeries(count(value, 1));
            case SLOW_QUERY_THRESHOLD -> builder.slowQueryThreshold(duration(value, form, true));
            case LEAK_THRESHOLD -> builder.leakThreshold(duration(value, form, false));
            case STATEMENT_TOP -> builder.statementTop(count(value, 0));
            case DURATION_BUCKETS -> builder.durationBuckets(buckets(value));
            case NATIVE_HISTOGRAMS -> builder.nativeHistograms(bool(value));
            case NAMING -> builder.naming(Naming.fromSetting(value));
        }
    }

    private static boolean bool(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("must be true or false, was '" + value + "'");
    }

    private static int count(String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("must be a whole number of at least " + min + ", was '" + value + "'");
    }

    /** URL form: whole milliseconds; the others: a number with a unit (ms, s, m, h) or ISO-8601. */
    private static Duration duration(String value, Form form, boolean positive) {
        Duration parsed = form == Form.URL ? millis(value) : withUnit(value);
        if (parsed == null || parsed.isNegative() || (positive && parsed.isZero())) {
            String expected = form == Form.URL ? "number of milliseconds" : "duration such as 500ms or 2s";
            throw new IllegalArgumentException("must be a " + (positive ? "positive " : "non-negative ")
                    + expected + ", was '" + value + "'");
        }
        return parsed;
    }

    private static Duration millis(String value) {
        try {
            return Duration.ofMillis(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration withUnit(String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            return Duration.ofNanos(Math.round(amount * nanosPerUnit));
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double[] buckets(String value) {
        String[] parts = value.replace("[", "").replace("]", "").split(",");
        double[] bounds = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                bounds[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a comma-separated list of seconds, was '" + value + "'");
            }
        }
        try {
            MetricsConfig.builder().durationBuckets(bounds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be positive, finite and strictly ascending seconds, was '"
                    + value + "'");
        }
        return bounds;
    }
}
