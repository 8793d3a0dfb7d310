package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadStatesTest {

    @Test
    void keepsMicrometersIdsAndCountsEveryLiveThreadOnce() {
        SimpleMeterRegistry micrometers = new SimpleMeterRegistry();
        new JvmThreadMetrics().bindTo(micrometers);
        SimpleMeterRegistry shared = new SimpleMeterRegistry();
        new JvmThreadMetrics().bindTo(shared);

        ThreadStates.shareSnapshots(shared);

        List<Gauge> before = new ArrayList<>(micrometers.find(ThreadStates.NAME).gauges());
        List<Gauge> after = new ArrayList<>(shared.find(ThreadStates.NAME).gauges());
        assertThat(after).hasSize(Thread.State.values().length);
        assertThat(after).allSatisfy(g -> assertThat(before).anySatisfy(b -> {
            assertThat(b.getId()).isEqualTo(g.getId());
            assertThat(b.getId().getDescription()).isEqualTo(g.getId().getDescription());
            assertThat(b.getId().getBaseUnit()).isEqualTo(g.getId().getBaseUnit());
        }));
        System.gc(); // the gauges keep their shared snapshot alive (no weak reference to lose)
        double total = after.stream().mapToDouble(Gauge::value).sum();
        assertThat(total).isPositive(); // one snapshot: the states add up to its thread count
        assertThat(shared.find(ThreadStates.NAME).tag("state", "runnable").gauge().value())
                .isGreaterThanOrEqualTo(1); // this thread
    }

    @Test
    void takesOneSnapshotPerRoundOfTheSixStates() {
        ThreadMXBean real = ManagementFactory.getThreadMXBean();
        AtomicInteger dumps = new AtomicInteger();
        ThreadMXBean counting = (ThreadMXBean) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ThreadMXBean.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getThreadInfo")) {
                        dumps.incrementAndGet();
                    }
                    return method.invoke(real, args);
                });
        ThreadStates states = new ThreadStates(counting, Long.MAX_VALUE);

        for (Thread.State state : Thread.State.values()) {
            states.count(state);
        }
        assertThat(dumps).hasValue(1);

        states.count(Thread.State.RUNNABLE); // the next scrape
        assertThat(dumps).hasValue(2);
        states.count(Thread.State.RUNNABLE); // read again: a fresh snapshot, never a stale one
        assertThat(dumps).hasValue(3);
    }

    @Test
    void anOldSnapshotIsNotServed() throws InterruptedException {
        ThreadMXBean real = ManagementFactory.getThreadMXBean();
        AtomicInteger dumps = new AtomicInteger();
        ThreadMXBean counting = (ThreadMXBean) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ThreadMXBean.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getThreadInfo")) {
                        dumps.incrementAndGet();
                    }
                    return method.invoke(real, args);
                });
        ThreadStates states = new ThreadStates(counting, 1_000_000); // 1 ms

        states.count(Thread.State.RUNNABLE);
        Thread.sleep(5);
        states.count(Thread.State.WAITING); // not served yet, but the snapshot is too old

        assertThat(dumps).hasValue(2);
    }

    @Test
    void mapsMicrometersStateTags() {
        assertThat(ThreadStates.stateOf("timed-waiting")).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(ThreadStates.stateOf("runnable")).isEqualTo(Thread.State.RUNNABLE);
        assertThat(ThreadStates.stateOf("other")).isNull();
    }
}
