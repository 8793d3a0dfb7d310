package dev.jdbcmetrics.core;

import java.util.Locale;

/** Which names and labels the metrics are published under. */
public enum Naming {
    /** The names of DESIGN.md's metric table: {@code db_queries_executed_total}, {@code datasource}, … (default). */
    PROMETHEUS,
    /**
     * The OpenTelemetry database semantic conventions: {@code db.client.operation.duration} with
     * {@code db.system.name}, {@code db.namespace}, {@code db.operation.name}, … attributes.
     */
    OTEL;

    /** The setting's spelling: {@code prometheus} or {@code otel}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The naming a setting value names, in any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Naming fromSetting(String value) {
        for (Naming naming : values()) {
            if (naming.settingValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return naming;
            }
        }
        throw new IllegalArgumentException("must be prometheus or otel, was '" + value + "'");
    }
}
