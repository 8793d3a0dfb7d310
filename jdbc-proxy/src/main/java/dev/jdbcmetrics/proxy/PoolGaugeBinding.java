package dev.jdbcmetrics.proxy;

import dev.jdbcmetrics.core.ConnectionMeters;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.PoolGauges;
import dev.jdbcmetrics.proxy.hikari.HikariPoolState;
import javax.sql.DataSource;

/**
 * Chooses the pool gauges for a wrapped data source. Active connections come from the proxy's
 * own exact counts, or from HikariCP's where its tracker reports the borrows (then the proxy does
 * not count them); waiting threads, idle, max and min come from the pool where it can tell
 * (HikariCP can), else from the proxy's own counts.
 */
final class PoolGaugeBinding {

    private PoolGaugeBinding() {
    }

    /**
     * Registers the gauges; returns whether {@code db_connections_pending} is the proxy's own count,
     * which then needs {@link ConnectionMeters#acquireStarted()} on every borrow. HikariCP counts its
     * waiting threads itself, so a borrow from it saves that atomic add.
     */
    static boolean bind(DataSourceMetrics metrics, DataSource dataSource, boolean poolTracksBorrows) {
        ConnectionMeters connections = metrics.connections();
        HikariPoolState hikari = Hikari.PRESENT ? HikariPoolState.of(dataSource) : null;
        if (hikari == null) {
            metrics.registerOwnPoolGauges();
            return true;
        }
        PoolGauges.builder(metrics, hikari)
                .active(poolTracksBorrows ? HikariPoolState::active : h -> connections.lentOut())
                .pending(HikariPoolState::pending)
                .idle(HikariPoolState::idle)
                .max(HikariPoolState::max)
                .min(HikariPoolState::min)
                .register();
        return false;
    }
}
