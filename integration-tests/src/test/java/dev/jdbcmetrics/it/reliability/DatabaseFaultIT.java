package dev.jdbcmetrics.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.it.support.FaultDatabase;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under load and comes back: the application sees what it would see
 * without us, every attempt is counted exactly, and everything recovers on its own.
 *
 * <p>Two HikariCP pools run the same workload side by side against a dedicated server
 * ({@link FaultDatabase}, never the shared one): one raw, one wrapped by {@link MeteredDataSource}.
 * The server is stopped mid-run and started again, so both meet the same outage at the same time.
 */
class DatabaseFaultIT {

    private static final int THREADS_PER_POOL = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String TABLE = "fault_probe";

    private static final String PG_TABLE = "CREATE TABLE fault_probe (id SERIAL PRIMARY KEY, v BIGINT)";
    private static final String MARIADB_TABLE =
            "CREATE TABLE fault_probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, v BIGINT)";

    @Test
    void postgresShutdownIsSurvivedAndCountedExactly() throws Exception {
        survivesOutage(FaultDatabase.POSTGRES, PG_TABLE, false);
    }

    @Test
    void postgresCrashIsSurvivedAndCountedExactly() throws Exception {
        survivesOutage(FaultDatabase.POSTGRES, PG_TABLE, true);
    }

    @Test
    void mariadbShutdownIsSurvivedAndCountedExactly() throws Exception {
        survivesOutage(FaultDatabase.MARIADB, MARIADB_TABLE, false);
    }

    @Test
    void mariadbCrashIsSurvivedAndCountedExactly() throws Exception {
        survivesOutage(FaultDatabase.MARIADB, MARIADB_TABLE, true);
    }

    /**
     * @param crash true: the server dies without a word (queries in flight fail with class 08);
     *              false: it shuts down, telling its clients (PostgreSQL says 57P01)
     */
    private static void survivesOutage(FaultDatabase db, String createTable, boolean crash) throws Exception {
        db.start();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute(createTable);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HikariDataSource rawPool = pool(db, "raw");
                HikariDataSource meteredPool = pool(db, "metered");
                MeteredDataSource metered = MeteredDataSource.builder(meteredPool).name("faults")
                        .registry(registry).build()) {
            Workload raw = new Workload("raw", rawPool, TABLE).start(THREADS_PER_POOL);
            Workload wrapped = new Workload("metered", metered, TABLE).start(THREADS_PER_POOL);
            try {
                await("steady load before the outage", () -> raw.succeeded.sum() >= 200 && wrapped.succeeded.sum() >= 200);

                if (crash) {
                    db.crash();
                } else {
                    db.stop();
                }
                double maxPending = 0;
                long outageEnd = System.nanoTime() + OUTAGE.toNanos();
                while (System.nanoTime() < outageEnd) {
                    maxPending = Math.max(maxPending, scrape(registry).sum("db_connections_pending"));
                    Thread.sleep(50);
                }
                await("acquire failures during the outage",
                        () -> raw.acquireFailures.sum() > 0 && wrapped.acquireFailures.sum() > 0);
                MetricsText duringOutage = scrape(registry);

                long restarted = System.nanoTime();
                db.start();
                await("recovery after the restart",
                        () -> raw.lastSuccessNanos() > restarted && wrapped.lastSuccessNanos() > restarted);
                long recoveredSucceeded = wrapped.succeeded.sum();
                await("steady load after the recovery", () -> wrapped.succeeded.sum() >= recoveredSucceeded + 200);

                assertThat(maxPending + duringOutage.sum("db_connection_acquire_failures_total"))
                        .as("the pool gauges show the outage").isGreaterThan(0);
            } finally {
                raw.stop(BOUND);
                wrapped.stop(BOUND);
            }

            String summary = raw + "\n" + wrapped;
            // Transparent: the application meets the same kinds of exception with and without us.
            assertThat(wrapped.exceptionKinds).as(summary).isEqualTo(raw.exceptionKinds);
            assertThat(wrapped.exceptionKinds).as(summary).noneMatch(kind -> kind.startsWith("dev.jdbcmetrics"));
            assertThat(wrapped.acquireFailedByClass.keySet()).as("refused connections show as class 08: " + summary)
                    .containsExactly("08");
            if (crash) {
                assertThat(wrapped.failedByClass.keySet()).as("connection loss shows as class 08: " + summary)
                        .contains("08");
            }

            ExactCounts.assertCounted(scrape(registry), "faults", wrapped, summary);
            System.out.println((crash ? "crash" : "shutdown") + " of " + db + ":\n" + summary);
        } finally {
            registry.close();
            db.stop();
        }
    }

    private static HikariDataSource pool(FaultDatabase db, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName(name);
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        return new HikariDataSource(config);
    }

    private static MetricsText scrape(PrometheusMeterRegistry registry) {
        return new MetricsText(registry.scrape());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + BOUND);
            }
            Thread.sleep(20);
        }
    }
}
