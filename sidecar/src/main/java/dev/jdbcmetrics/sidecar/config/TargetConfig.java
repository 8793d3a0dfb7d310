package dev.jdbcmetrics.sidecar.config;

import java.util.List;
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
 */
public record TargetConfig(String name, String url, Optional<String> user,
                           Optional<Secret> password, PoolConfig pool, List<String> collectors) {

    public TargetConfig {
        collectors = List.copyOf(collectors);
    }
}
