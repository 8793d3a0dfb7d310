package dev.jdbcmetrics.benchmarks;

import com.p6spy.engine.common.PreparedStatementInformation;
import com.p6spy.engine.common.ResultSetInformation;
import com.p6spy.engine.common.StatementInformation;
import com.p6spy.engine.event.JdbcEventListener;
import com.p6spy.engine.spy.P6DataSource;
import com.p6spy.engine.spy.P6SpyFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;

/** p6spy around the pool, with a listener that feeds {@link PeerQueryMeters}. */
final class P6spySetup {

    private P6spySetup() {
    }

    static DataSource wrap(DataSource pool, MeterRegistry registry) {
        // Only the core module: p6spy's default list also loads its file logger, which would
        // measure disk writes rather than instrumentation. Read once, when p6spy first loads.
        System.setProperty("p6spy.config.modulelist", P6SpyFactory.class.getName());
        System.setProperty("p6spy.config.jmx", "false");
        P6DataSource dataSource = new P6DataSource(pool);
        MetricsListener listener = new MetricsListener(new PeerQueryMeters(registry, "bench"));
        dataSource.setJdbcEventListenerFactory(() -> listener);
        return dataSource;
    }

    private static final class MetricsListener extends JdbcEventListener {
        private final PeerQueryMeters meters;

        MetricsListener(PeerQueryMeters meters) {
            this.meters = meters;
        }

        @Override
        public void onAfterExecuteQuery(PreparedStatementInformation info, long nanos, SQLException e) {
            meters.executed(info.getSql(), nanos, e, -1);
        }

        @Override
        public void onAfterExecuteQuery(StatementInformation info, long nanos, String sql, SQLException e) {
            meters.executed(sql, nanos, e, -1);
        }

        @Override
        public void onAfterExecuteUpdate(PreparedStatementInformation info, long nanos, int rows,
                                         SQLException e) {
            meters.executed(info.getSql(), nanos, e, rows);
        }

        @Override
        public void onAfterExecuteUpdate(StatementInformation info, long nanos, String sql, int rows,
                                         SQLException e) {
            meters.executed(sql, nanos, e, rows);
        }

        @Override
        public void onAfterExecute(PreparedStatementInformation info, long nanos, SQLException e) {
            meters.executed(info.getSql(), nanos, e, -1);
        }

        @Override
        public void onAfterExecute(StatementInformation info, long nanos, String sql, SQLException e) {
            meters.executed(sql, nanos, e, -1);
        }

        @Override
        public void onAfterExecuteBatch(StatementInformation info, long nanos, int[] counts,
                                        SQLException e) {
            meters.executed(info.getSql(), nanos, e, counts == null ? -1 : Counts.sum(counts));
        }

        @Override
        public void onAfterResultSetNext(ResultSetInformation info, long nanos, boolean hasNext,
                                         SQLException e) {
            if (hasNext) {
                meters.rowReturned();
            }
        }
    }
}
