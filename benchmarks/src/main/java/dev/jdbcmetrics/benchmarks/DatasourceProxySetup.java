package dev.jdbcmetrics.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * datasource-proxy around the pool with a query listener feeding {@link PeerQueryMeters};
 * optionally with result-set proxies and a method listener that counts rows.
 */
final class DatasourceProxySetup {

    private DatasourceProxySetup() {
    }

    static DataSource wrap(DataSource pool, MeterRegistry registry, boolean countRows) {
        PeerQueryMeters meters = new PeerQueryMeters(registry, "bench");
        ProxyDataSourceBuilder builder = ProxyDataSourceBuilder.create("bench", pool)
                .listener(new QueryListener(meters));
        if (countRows) {
            builder.proxyResultSet().methodListener(new RowListener(meters));
        }
        return builder.build();
    }

    private static final class QueryListener implements QueryExecutionListener {
        private final PeerQueryMeters meters;

        QueryListener(PeerQueryMeters meters) {
            this.meters = meters;
        }

        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
            // datasource-proxy reports elapsed time in milliseconds.
            long nanos = TimeUnit.MILLISECONDS.toNanos(execInfo.getElapsedTime());
            meters.executed(queryInfoList.get(0).getQuery(), nanos, execInfo.getThrowable(),
                    rowsAffected(execInfo.getResult()));
        }

        private static long rowsAffected(Object result) {
            if (result instanceof Integer count) {
                return count;
            }
            if (result instanceof int[] counts) {
                return Counts.sum(counts);
            }
            return -1;
        }
    }

    private static final class RowListener implements MethodExecutionListener {
        private final PeerQueryMeters meters;

        RowListener(PeerQueryMeters meters) {
            this.meters = meters;
        }

        @Override
        public void beforeMethod(MethodExecutionContext executionContext) {
        }

        @Override
        public void afterMethod(MethodExecutionContext ctx) {
            if (ctx.getTarget() instanceof ResultSet && Boolean.TRUE.equals(ctx.getResult())
                    && "next".equals(ctx.getMethod().getName())) {
                meters.rowReturned();
            }
        }
    }
}
