package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a state other threads reach; the bound only keeps a broken test from hanging. */
final class Eventually {

    private static final long BOUND_MILLIS = 30_000;

    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + BOUND_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("not reached within " + BOUND_MILLIS + " ms: " + what + "; state: " + state.get());
            }
            Thread.sleep(5);
        }
    }
}
