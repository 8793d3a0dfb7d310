package dev.jdbcmetrics.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;

/**
 * datasource-micrometer as its Spring Boot starter sets it up by default: connection, query
 * and result-set observations, turned into Micrometer timers by the default meter handler.
 */
final class DatasourceMicrometerSetup {

    private DatasourceMicrometerSetup() {
    }

    static DataSource wrap(DataSource pool, MeterRegistry registry) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        DataSourceObservationListener listener = new DataSourceObservationListener(observations);
        return ProxyDataSourceBuilder.create("bench", pool)
                .listener(listener)
                .methodListener(listener)
                .proxyResultSet()
                .build();
    }
}
