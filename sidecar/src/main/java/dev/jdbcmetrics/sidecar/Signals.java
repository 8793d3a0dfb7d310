package dev.jdbcmetrics.sidecar;

/**
 * Turns SIGTERM and SIGINT into an orderly stop. A handler, rather than only a shutdown hook,
 * lets the main thread close everything and exit with 0: a JVM ended by SIGTERM through its
 * default handler exits with 143, which service managers report as a failure.
 */
final class Signals {

    private Signals() {
    }

    /**
     * Runs {@code stop} on SIGTERM and SIGINT. Where the JVM does not allow signal handlers,
     * a shutdown hook runs it instead (the exit code is then the JVM's).
     */
    static void onTermination(Runnable stop) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "jdbc-metrics-shutdown"));
        }
    }
}
