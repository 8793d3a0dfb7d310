package dev.jdbcmetrics.it.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A steady application load on a data source: threads that borrow a connection, run a select or
 * an insert on {@code table}, and give it back, as fast as they can. It keeps its own exact
 * account of every attempt and every exception, which the tests compare with the metrics.
 */
final class Workload {

    private final String name;
    private final DataSource dataSource;
    private final String select;
    private final String insert;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    final LongAdder acquireAttempts = new LongAdder();
    final LongAdder acquireFailures = new LongAdder();
    final LongAdder executions = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    /** Failures outside an execute call (prepare, reading rows, close): not query executions. */
    final LongAdder otherFailures = new LongAdder();
    final Map<String, LongAdder> failedByClass = new ConcurrentHashMap<>();
    final Map<String, LongAdder> acquireFailedByClass = new ConcurrentHashMap<>();
    /** "exception class / SQLState" of everything the application saw. */
    final Set<String> exceptionKinds = ConcurrentHashMap.newKeySet();
    /** Every exception message the application saw (for the secrets test). */
    final Set<String> messages = ConcurrentHashMap.newKeySet();
    /** The longest single {@code getConnection()} and execute call, in nanoseconds. */
    final LongAccumulator longestAcquireNanos = new LongAccumulator(Long::max, 0);
    final LongAccumulator longestExecuteNanos = new LongAccumulator(Long::max, 0);
    private final AtomicLong lastSuccessNanos = new AtomicLong();

    Workload(String name, DataSource dataSource, String table) {
        this.name = name;
        this.dataSource = dataSource;
        this.select = "SELECT count(*) FROM " + table + " WHERE v < ?";
        this.insert = "INSERT INTO " + table + " (v) VALUES (?)";
    }

    /** Starts {@code count} threads. */
    Workload start(int count) {
        running = true;
        for (int i = 0; i < count; i++) {
            int seed = i;
            Thread thread = new Thread(() -> loop(seed), "workload-" + name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Stops the threads and waits for them; fails if one does not finish in time (a hang). */
    void stop(Duration timeout) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not finish within " + timeout
                        + ": stuck at " + List.of(thread.getStackTrace()));
            }
        }
    }

    /** When the last execution succeeded ({@link System#nanoTime()}), 0 before the first. */
    long lastSuccessNanos() {
        return lastSuccessNanos.get();
    }

    static Map<String, Long> sums(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void loop(int seed) {
        long i = seed;
        while (running) {
            iteration(i++);
        }
    }

    private void iteration(long i) {
        acquireAttempts.increment();
        Connection connection;
        long acquireStart = System.nanoTime();
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            acquireFailures.increment();
            count(acquireFailedByClass, e);
            saw(e);
            return;
        } finally {
            longestAcquireNanos.accumulate(System.nanoTime() - acquireStart);
        }
        try (Connection c = connection;
                PreparedStatement statement = c.prepareStatement(i % 4 == 0 ? insert : select)) {
            statement.setLong(1, i % 1000);
            executions.increment();
            ResultSet rows = null;
            long executeStart = System.nanoTime();
            try {
                if (i % 4 == 0) {
                    statement.executeUpdate();
                } else {
                    rows = statement.executeQuery();
                }
            } catch (SQLException e) {
                failed.increment();
                count(failedByClass, e);
                saw(e);
                return;
            } finally {
                longestExecuteNanos.accumulate(System.nanoTime() - executeStart);
            }
            succeeded.increment();
            lastSuccessNanos.set(System.nanoTime());
            if (rows != null) {
                try (ResultSet rs = rows) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            }
        } catch (SQLException e) {
            otherFailures.increment();
            saw(e);
        }
    }

    private void saw(SQLException e) {
        exceptionKinds.add(e.getClass().getName() + " / " + e.getSQLState());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                messages.add(t.getMessage());
            }
        }
    }

    private static void count(Map<String, LongAdder> map, SQLException e) {
        map.computeIfAbsent(sqlStateClass(e), k -> new LongAdder()).increment();
    }

    /** The first two characters of the SQLState, or {@code none}: computed here independently. */
    static String sqlStateClass(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() < 2 || !state.substring(0, 2).matches("[0-9A-Za-z]{2}")) {
            return "none";
        }
        return state.substring(0, 2).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name + "[acquire " + acquireAttempts.sum() + " (failed " + acquireFailures.sum() + " "
                + sums(acquireFailedByClass) + "), executions " + executions.sum() + " (succeeded " + succeeded.sum()
                + ", failed " + failed.sum() + " " + sums(failedByClass) + "), other failures " + otherFailures.sum()
                + ", longest acquire " + TimeUnit.NANOSECONDS.toMillis(longestAcquireNanos.get()) + " ms, longest execute "
                + TimeUnit.NANOSECONDS.toMillis(longestExecuteNanos.get()) + " ms, exceptions " + exceptionKinds + "]";
    }
}
