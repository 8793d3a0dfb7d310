package dev.jdbcmetrics.it.reliability;

import static dev.jdbcmetrics.it.reliability.MetricsText.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.it.support.DatabaseEndpoint;
import dev.jdbcmetrics.it.support.FaultProxy;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The network between the application and its database breaks the way real outages break it
 * (packets unanswered, latency, a reset mid-result, a server that vanishes), and the application
 * sees exactly what it sees without us, every attempt is counted exactly, no thread waits past
 * the driver's own timeouts, the pool gauges tell the truth and everything recovers alone.
 *
 * <p>Each test runs the same work on two HikariCP pools, each behind its own {@link FaultProxy}
 * on the shared test server: one raw, one wrapped by {@link MeteredDataSource}. Both proxies get
 * the same fault at the same moment. The proxies touch only this test's connections, so the
 * shared server stays up for everyone else.
 */
class NetworkFaultIT {

    private static final int SOCKET_TIMEOUT_SECONDS = 3;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the socket timeout: every query in flight when the fault began has failed by then. */
    private static final Duration FAULT = Duration.ofMillis(4_500);
    /** What a thread may wait beyond the driver's or the pool's own timeout on a shared 2-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int THREADS_PER_POOL = 3;
    private static final int POOL_SIZE = 2;
    private static final long LATENCY_MILLIS = 200;
    private static final int LATENCY_QUERIES = 5;

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String table = "netfault_" + id;

    // --- blackhole and half-open under load ---------------------------------------------------

    @Test
    void postgresBlackholeFailsAsRawAtTheSocketTimeoutAndRecovers() throws Exception {
        underLoad(Db.POSTGRES, Fault.BLACKHOLE);
    }

    @Test
    void postgresHalfOpenFailsAsRawAtTheSocketTimeoutAndRecovers() throws Exception {
        underLoad(Db.POSTGRES, Fault.HALF_OPEN);
    }

    @Test
    void mariadbBlackholeFailsAsRawAtTheSocketTimeoutAndRecovers() throws Exception {
        underLoad(Db.MARIADB, Fault.BLACKHOLE);
    }

    @Test
    void mariadbHalfOpenFailsAsRawAtTheSocketTimeoutAndRecovers() throws Exception {
        underLoad(Db.MARIADB, Fault.HALF_OPEN);
    }

    private void underLoad(Db db, Fault fault) throws Exception {
        createTable(db);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String ds = "netfault_" + id;
        try (Side raw = new Side(db, "raw");
                Side metered = new Side(db, "metered");
                MeteredDataSource wrapped = MeteredDataSource.builder(metered.pool).name(ds).registry(registry).build()) {
            Workload rawLoad = new Workload("raw", raw.pool, table).start(THREADS_PER_POOL);
            Workload load = new Workload("metered", wrapped, table).start(THREADS_PER_POOL);
            String during;
            try {
                await("steady load", () -> rawLoad.succeeded.sum() >= 100 && load.succeeded.sum() >= 100);
                long sessionsBefore = db.serverSessions(metered.applicationName);

                fault.apply.accept(raw.proxy);
                fault.apply.accept(metered.proxy);
                // Halfway through the socket timeout every thread is stuck: two in a query, one
                // waiting for a connection. The gauges must say so, as the pool itself does.
                Thread.sleep(1_500);
                MetricsText m = scrape(registry);
                HikariPoolMXBean pool = metered.pool.getHikariPoolMXBean();
                long sessionsDuring = db.serverSessions(metered.applicationName);
                during = fault + " during: gauges active " + m.sum("db_connections_active", label("datasource", ds))
                        + " idle " + m.sum("db_connections_idle", label("datasource", ds))
                        + " pending " + m.sum("db_connections_pending", label("datasource", ds))
                        + "; Hikari " + pool.getActiveConnections() + "/" + pool.getIdleConnections() + "/"
                        + pool.getThreadsAwaitingConnection() + "; server sessions before " + sessionsBefore
                        + ", during " + sessionsDuring;
                assertThat(m.sum("db_connections_active", label("datasource", ds))).as(during).isEqualTo(POOL_SIZE)
                        .isEqualTo(pool.getActiveConnections());
                assertThat(m.sum("db_connections_pending", label("datasource", ds))).as(during)
                        .isEqualTo(THREADS_PER_POOL - POOL_SIZE).isEqualTo(pool.getThreadsAwaitingConnection());
                assertThat(m.sum("db_connections_idle", label("datasource", ds))).as(during).isZero()
                        .isEqualTo(pool.getIdleConnections());
                assertThat(m.sum("db_pool_saturation_ratio", label("datasource", ds))).as(during).isEqualTo(1.0);
                if (db == Db.POSTGRES) {
                    // The fault itself, seen from the server: a blackhole keeps the sessions, a
                    // vanished server side has ended them.
                    assertThat(sessionsDuring).as(during).isEqualTo(fault == Fault.BLACKHOLE ? sessionsBefore : 0);
                }

                Thread.sleep(FAULT.toMillis() - 1_500);
                long healed = System.nanoTime();
                raw.proxy.heal();
                metered.proxy.heal();
                await("recovery", () -> rawLoad.lastSuccessNanos() > healed && load.lastSuccessNanos() > healed);
                long recovered = load.succeeded.sum();
                await("steady load after the recovery", () -> load.succeeded.sum() >= recovered + 100);
                System.out.printf(Locale.ROOT, "%s %s recovered in %d ms%n", db, fault,
                        Duration.ofNanos(load.lastSuccessNanos() - healed).toMillis());
            } finally {
                rawLoad.stop(BOUND);
                load.stop(BOUND);
            }

            String summary = db + " " + fault + "\n" + rawLoad + "\n" + load + "\n" + during;
            System.out.println(summary);
            // Transparent: the same exceptions with and without us; queries in flight died of
            // the socket timeout (class 08), nothing of ours in between.
            assertThat(load.exceptionKinds).as(summary).isEqualTo(rawLoad.exceptionKinds);
            assertThat(load.exceptionKinds).as(summary).noneMatch(kind -> kind.startsWith("dev.jdbcmetrics"));
            assertThat(load.failedByClass.keySet()).as(summary).containsExactly("08");
            assertThat(load.failed.sum()).as(summary).isGreaterThanOrEqualTo(POOL_SIZE);
            // Nobody waited past the driver's socket timeout or the pool's connection timeout.
            for (Workload w : new Workload[] {rawLoad, load}) {
                assertThat(Duration.ofNanos(w.longestExecuteNanos.get())).as(summary)
                        .isLessThan(Duration.ofSeconds(SOCKET_TIMEOUT_SECONDS).plus(MARGIN));
                assertThat(Duration.ofNanos(w.longestAcquireNanos.get())).as(summary)
                        .isLessThan(CONNECTION_TIMEOUT.plus(MARGIN));
            }
            MetricsText after = scrape(registry);
            ExactCounts.assertCounted(after, ds, load, summary);
            assertThat(after.sum("db_connections_idle", label("datasource", ds)))
                    .isEqualTo(metered.pool.getHikariPoolMXBean().getIdleConnections());
        } finally {
            registry.close();
            dropTable(db);
        }
    }

    /** The faults that leave queries unanswered. */
    private enum Fault {
        BLACKHOLE(FaultProxy::blackhole),
        HALF_OPEN(FaultProxy::halfOpen);

        final Consumer<FaultProxy> apply;

        Fault(Consumer<FaultProxy> apply) {
            this.apply = apply;
        }
    }

    // --- latency ------------------------------------------------------------------------------

    @Test
    void postgresLatencySlowsQueriesAsRawAndShiftsTheHistogram() throws Exception {
        latency(Db.POSTGRES);
    }

    @Test
    void mariadbLatencySlowsQueriesAsRawAndShiftsTheHistogram() throws Exception {
        latency(Db.MARIADB);
    }

    /**
     * 200 ms each way: every round trip costs at least 400 ms, so with a 300 ms slow-query
     * threshold every query is slow and none lands in the 0.25 s bucket; afterwards none is.
     */
    private void latency(Db db) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String ds = "netlatency_" + id;
        MetricsConfig config = MetricsConfig.builder().slowQueryThreshold(Duration.ofMillis(300)).build();
        try (Side raw = new Side(db, "raw");
                Side metered = new Side(db, "metered");
                MeteredDataSource wrapped = MeteredDataSource.builder(metered.pool).name(ds).registry(registry)
                        .config(config).build()) {
            String[] select = {label("datasource", ds), label("operation", "select")};
            runSelects(raw.pool, 2);
            runSelects(wrapped, 2);
            MetricsText before = scrape(registry);

            raw.proxy.latency(LATENCY_MILLIS);
            metered.proxy.latency(LATENCY_MILLIS);
            long[] rawMillis = runSelects(raw.pool, LATENCY_QUERIES);
            long[] wrappedMillis = runSelects(wrapped, LATENCY_QUERIES);
            MetricsText slow = scrape(registry);
            raw.proxy.heal();
            metered.proxy.heal();
            runSelects(wrapped, LATENCY_QUERIES);
            MetricsText healed = scrape(registry);

            String summary = db + " raw " + Arrays.toString(rawMillis) + " ms, wrapped "
                    + Arrays.toString(wrappedMillis) + " ms";
            System.out.println(summary);
            for (long[] run : new long[][] {rawMillis, wrappedMillis}) {
                for (long millis : run) {
                    assertThat(millis).as(summary).isBetween(2 * LATENCY_MILLIS,
                            SOCKET_TIMEOUT_SECONDS * 1000L);
                }
            }
            assertThat(delta(before, slow, "db_slow_queries_total", select)).as(summary).isEqualTo(LATENCY_QUERIES);
            assertThat(delta(before, slow, "db_query_duration_seconds_count", select)).isEqualTo(LATENCY_QUERIES);
            assertThat(delta(before, slow, "db_query_duration_seconds_bucket", bucket(select, "0.25")))
                    .as("no slowed query below 0.25 s").isZero();
            assertThat(delta(before, slow, "db_query_duration_seconds_bucket", bucket(select, "+Inf")))
                    .isEqualTo(LATENCY_QUERIES);
            // Healed: fast again, nothing more counted as slow.
            assertThat(delta(slow, healed, "db_slow_queries_total", select)).isZero();
            assertThat(delta(slow, healed, "db_query_duration_seconds_bucket", bucket(select, "0.25")))
                    .isEqualTo(LATENCY_QUERIES);
            assertThat(healed.sum("db_queries_failed_total", label("datasource", ds))).isZero();
            assertThat(healed.sum("db_connections_active", label("datasource", ds))).isZero();
        } finally {
            registry.close();
        }
    }

    /** Runs {@code count} one-row selects, each on a connection of its own lease; returns their times. */
    private static long[] runSelects(DataSource source, int count) throws SQLException {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
                long start = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
                millis[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
        }
        return millis;
    }

    private static String[] bucket(String[] labels, String le) {
        String[] out = Arrays.copyOf(labels, labels.length + 1);
        out[labels.length] = label("le", le);
        return out;
    }

    private static long delta(MetricsText from, MetricsText to, String name, String... labels) {
        return (long) (to.sum(name, labels) - from.sum(name, labels));
    }

    // --- reset mid-result ---------------------------------------------------------------------

    @Test
    void postgresResetMidResultFailsAsRawAndIsCountedOnce() throws Exception {
        resetMidResult(Db.POSTGRES);
    }

    @Test
    void mariadbResetMidResultFailsAsRawAndIsCountedOnce() throws Exception {
        resetMidResult(Db.MARIADB);
    }

    private void resetMidResult(Db db) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String ds = "netreset_" + id;
        // One connection per pool: the reset hits the connection carrying the result, and the
        // next lease must get a new one.
        try (Side raw = new Side(db, "raw", 1);
                Side metered = new Side(db, "metered", 1);
                MeteredDataSource wrapped = MeteredDataSource.builder(metered.pool).name(ds).registry(registry).build()) {
            assertThat(readAll(raw.pool, db.bigResult)).isEqualTo(db.bigResultRows);
            assertThat(readAll(wrapped, db.bigResult)).isEqualTo(db.bigResultRows);

            raw.proxy.resetAfterServerBytes(64 * 1024);
            SQLException rawFailure = catchSql(() -> readAll(raw.pool, db.bigResult));
            metered.proxy.resetAfterServerBytes(64 * 1024);
            SQLException failure = catchSql(() -> readAll(wrapped, db.bigResult));
            String summary = db + ": raw " + rawFailure + ", wrapped " + failure;
            System.out.println(summary);
            assertThat((Object) failure).as(summary).hasSameClassAs(rawFailure);
            assertThat(failure.getSQLState()).as(summary).isEqualTo(rawFailure.getSQLState()).startsWith("08");
            // The MariaDB driver names the server's connection id, which differs per connection.
            assertThat(withoutConnectionId(failure.getMessage())).as(summary)
                    .isEqualTo(withoutConnectionId(rawFailure.getMessage()));

            // Recovered alone: the pool replaced the broken connection.
            assertThat(readAll(wrapped, db.bigResult)).isEqualTo(db.bigResultRows);
            assertThat(readAll(raw.pool, db.bigResult)).isEqualTo(db.bigResultRows);

            MetricsText m = scrape(registry);
            String dsLabel = label("datasource", ds);
            assertThat(m.sum("db_queries_executed_total", dsLabel)).isEqualTo(3);
            assertThat(m.sumBy("db_queries_failed_total", "sqlstate_class", dsLabel))
                    .isEqualTo(Map.of(failure.getSQLState().substring(0, 2), 1L));
            assertThat(m.sum("db_query_duration_seconds_count", dsLabel, label("outcome", "success"))).isEqualTo(2);
            assertThat(m.sum("db_rows_returned_total", dsLabel)).isEqualTo(2 * db.bigResultRows);
            assertThat(m.sum("db_connection_acquire_failures_total", dsLabel)).isZero();
            assertThat(m.sum("db_connections_active", dsLabel)).isZero();
            assertThat(m.sum("db_connections_idle", dsLabel)).isEqualTo(metered.pool.getHikariPoolMXBean()
                    .getIdleConnections());
            assertThat(metered.proxy.acceptedConnections()).as("the broken connection was replaced").isEqualTo(2);
        } finally {
            registry.close();
        }
    }

    private static String withoutConnectionId(String message) {
        return message.replaceFirst("^\\(conn=\\d+\\) ", "");
    }

    private static long readAll(DataSource source, String sql) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            long rows = 0;
            while (rs.next()) {
                rows++;
            }
            return rows;
        }
    }

    private interface SqlCall {
        void run() throws SQLException;
    }

    private static SQLException catchSql(SqlCall call) {
        try {
            call.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected an SQLException");
    }

    // --- harness ------------------------------------------------------------------------------

    /** The two databases, with the URL parameters that bound every wait. */
    private enum Db {
        POSTGRES("postgres", "connectTimeout=2&socketTimeout=" + SOCKET_TIMEOUT_SECONDS,
                "SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g", 20_000),
        MARIADB("mariadb", "connectTimeout=2000&socketTimeout=" + SOCKET_TIMEOUT_SECONDS * 1000,
                // 500 x 40 rows: recursion stays under the servers' default limit of 1000.
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 500)"
                        + " SELECT a.n, REPEAT('x', 100) FROM s a CROSS JOIN s b WHERE b.n <= 40", 20_000);

        final String name;
        final String timeouts;
        final String bigResult;
        final long bigResultRows;

        Db(String name, String timeouts, String bigResult, long bigResultRows) {
            this.name = name;
            this.timeouts = timeouts;
            this.bigResult = bigResult;
            this.bigResultRows = bigResultRows;
        }

        DatabaseEndpoint endpoint() {
            return this == POSTGRES ? TestDatabases.postgres() : TestDatabases.mariadb();
        }

        /** Server-side sessions of one pool (PostgreSQL only: by application_name); -1 elsewhere. */
        long serverSessions(String applicationName) throws SQLException {
            if (this != POSTGRES) {
                return -1;
            }
            try (Connection c = endpoint().connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                            + applicationName + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One side of the comparison: a proxy and a HikariCP pool through it. */
    private final class Side implements AutoCloseable {
        final FaultProxy proxy;
        final HikariDataSource pool;
        final String applicationName;

        Side(Db db, String name) throws Exception {
            this(db, name, POOL_SIZE);
        }

        Side(Db db, String name, int size) throws Exception {
            DatabaseEndpoint endpoint = db.endpoint();
            URI address = URI.create(endpoint.jdbcUrl().substring("jdbc:".length()));
            proxy = FaultProxy.start(address.getHost(), address.getPort());
            applicationName = "NetworkFaultIT-" + id + "-" + name;
            String url = proxy.rewrite(endpoint.jdbcUrl());
            url = url.replaceAll("[?&]connectTimeout=\\d+", "");
            url += (url.contains("?") ? "&" : "?") + db.timeouts
                    + (db == Db.POSTGRES ? "&ApplicationName=" + applicationName : "");
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(endpoint.user());
            config.setPassword(endpoint.password());
            config.setPoolName(applicationName);
            config.setMaximumPoolSize(size);
            config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
            config.setValidationTimeout(500);
            pool = new HikariDataSource(config);
        }

        @Override
        public void close() {
            proxy.heal();
            pool.close();
            proxy.close();
        }
    }

    private void createTable(Db db) throws SQLException {
        try (Connection c = db.endpoint().connect(); Statement s = c.createStatement()) {
            s.execute(db == Db.POSTGRES
                    ? "CREATE TABLE " + table + " (id SERIAL PRIMARY KEY, v BIGINT)"
                    : "CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, v BIGINT)");
        }
    }

    private void dropTable(Db db) throws SQLException {
        try (Connection c = db.endpoint().connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
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
