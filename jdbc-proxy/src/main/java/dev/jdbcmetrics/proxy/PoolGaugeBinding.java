package dev.jdbcmetrics.proxy;

import dev.jdbcmetrics.core.ConnectionMeters;
import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.PoolGauges;
import dev.jdbcmetrics.proxy.hikari.HikariPoolState;
import javax.sql.DataSource;

/**
 * Chooses the pool gauges for a wrapped data source. Active connections and waiting threads come
 * from the proxy's own exact counts, or from HikariCP's where its tracker reports the borrows
 * (then the proxy does not count them); idle, max and min come from the pool where it can tell
 * (HikariCP can).
 */
final class PoolGaugeBinding {

    private PoolGaugeBinding() {
    }

    static void bind(DataSourceMetrics metrics, DataSource dataSource, boolean poolTracksBorrows) {
        ConnectionMeters connections = metrics.connections();
        HikariPoolState hikari = Hikari.PRESENT ? HikariPoolState.of(dataSource) : null;
        if (hikari == null) {
            metrics.registerOwnPoolGauges();
            return;
        }
        PoolGauges.builder(metrics, hikari)
                .active(poolTracksBorrows ? HikariPoolState::active : h -> connections.lentOut())
                .pending(poolTracksBorrows ? HikariPoolState::pending : h -> connections.waiting())
                .idle(HikariPoolState::idle)
                .max(HikariPoolState::max)
                .min(HikariPoolState::min)
                .register();
    }
}
