package dev.jdbcmetrics.sidecar.config;

import java.time.Duration;

/**
 * The HikariCP pool the sidecar keeps to one target.
 *
 * @param maxSize           the most connections the pool opens (default 2)
 * @param minIdle           idle connections kept open (default 0: connect on demand)
 * @param connectionTimeout how long a borrower waits for a connection (default 3s)
 */
public record PoolConfig(int maxSize, int minIdle, Duration connectionTimeout) {

    /** Small on purpose: an exporter should never compete with the application for connections. */
    public static final PoolConfig DEFAULT = new PoolConfig(2, 0, Duration.ofSeconds(3));
}
