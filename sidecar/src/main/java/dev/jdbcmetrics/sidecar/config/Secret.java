package dev.jdbcmetrics.sidecar.config;

import java.util.Objects;

/**
 * A password read from the environment or a file. Its {@link #toString()} never shows the
 * value, so a secret can sit in a record and be logged or printed without leaking.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * @param value the secret text
     * @return a secret holding {@code value}
     */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * @return the secret text, to hand to a JDBC driver and nowhere else
     */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }
}
