package dev.jdbcmetrics.sidecar.config;

import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.MetricsSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One database the sidecar watches.
 *
 * @param name       the {@code target} and {@code datasource} label value
 * @param url        the JDBC URL
 * @param user       the user name, if any
 * @param password   the password from {@code password_env} or {@code password_file}, if any;
 *                   its {@code toString()} is masked
 * @param pool       the pool settings
 * @param collectors the names of the collectors that run on this target
 * @param settings   the metrics settings of the target's pool ({@link MetricsSettings.Form#SIDECAR}
 *                   keys, validated), the top-level {@code slow_query_threshold} included
 */
public record TargetConfig(String name, String url, Optional<String> user,
                           Optional<Secret> password, PoolConfig pool, List<String> collectors,
                           Map<String, String> settings) {

    public TargetConfig {
        collectors = List.copyOf(collectors);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * A target with the library's default metrics settings.
     *
     * @param name       the target name
     * @param url        the JDBC URL
     * @param user       the user name, if any
     * @param password   the password, if any
     * @param pool       the pool settings
     * @param collectors the collector names
     */
    public TargetConfig(String name, String url, Optional<String> user, Optional<Secret> password,
                        PoolConfig pool, List<String> collectors) {
        this(name, url, user, password, pool, collectors, Map.of());
    }

    /** @return the metrics configuration of the target's pool, from {@link #settings()} */
    public MetricsConfig metricsConfig() {
        return MetricsSettings.config(settings, MetricsSettings.Form.SIDECAR);
    }

    /**
     * Tells whether {@code other} needs the same pool: same URL, login (the secret's value
     * included), pool and metrics settings. Collectors may differ: they do not touch the pool.
     *
     * @param other a target of a newly loaded configuration
     * @return true when this target's open pool can serve {@code other}
     */
    public boolean samePoolAs(TargetConfig other) {
        return name.equals(other.name) && url.equals(other.url) && user.equals(other.user)
                && Objects.equals(password.map(Secret::reveal), other.password.map(Secret::reveal))
                && pool.equals(other.pool) && settings.equals(other.settings);
    }
}
