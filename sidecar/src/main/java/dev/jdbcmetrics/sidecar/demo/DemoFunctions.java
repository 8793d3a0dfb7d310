package dev.jdbcmetrics.sidecar.demo;

/**
 * Java functions the demo database calls through {@code CREATE ALIAS}. Public only because H2
 * needs to reach them; not API.
 */
public final class DemoFunctions {

    private DemoFunctions() {
    }

    /**
     * Sleeps, so that {@code CALL SLEEP_MS(1200)} is a slow query.
     *
     * @param millis how long to sleep
     * @return {@code millis}
     */
    public static int sleepMs(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return millis;
    }
}
