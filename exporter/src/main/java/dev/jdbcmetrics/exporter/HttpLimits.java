package dev.jdbcmetrics.exporter;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Limits that keep slow or abusive clients from stalling scrapes.
 *
 * <p>The JDK server hands a connection to a worker thread as soon as its first byte arrives and
 * reads the rest of the request there, so a client that sends half a request holds a worker
 * until {@code sun.net.httpserver.maxReqTime} closes it. A fixed pool of a few threads could
 * be pinned by a few such clients; the pool therefore keeps {@value #CORE_THREADS} threads and
 * grows on demand to at most {@value #MAX_THREADS}. Beyond that, new connections are closed at
 * once (the JDK dispatcher closes a connection whose task is rejected) until slow ones time out.
 */
final class HttpLimits {

    static final int CORE_THREADS = 4;
    // 32 let 40 clients holding half a request refuse every scrape for up to maxReqTime
    // (EndpointAbuseIT). A worker blocked in a read costs little; many of them are affordable.
    static final int MAX_THREADS = 128;

    /**
     * JDK server settings, read once per JVM when its first HTTP server starts. Values:
     * seconds to receive a request, seconds to complete a response (long scrapes of slow
     * collectors included), bytes of request headers, and TCP_NODELAY on accepted sockets:
     * the JDK server writes headers and body separately, and without it Nagle's algorithm
     * holds the body back until the client's delayed ACK, about 40 ms per scrape on Linux
     * (measured: a 1 KB gzip scrape took 46 ms instead of 2 ms, ScrapeBenchmark).
     */
    private static final Map<String, String> SERVER_DEFAULTS = Map.of(
            "sun.net.httpserver.maxReqTime", "5",
            "sun.net.httpserver.maxRspTime", "120",
            "sun.net.httpserver.maxReqHeaderSize", "65536",
            "sun.net.httpserver.nodelay", "true");


    private HttpLimits() {
    }

    /** Sets the JDK server limits the application has not set itself. */
    static synchronized void applyServerDefaults() {
        SERVER_DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    /** A new bounded pool of daemon worker threads named {@code jdbc-metrics-http-N}. */
    static ExecutorService newWorkerPool() {
        ThreadFactory threads = DaemonThreads.numbered("jdbc-metrics-http");
        // SynchronousQueue: no hidden backlog; AbortPolicy: the dispatcher closes the connection.
        return new ThreadPoolExecutor(CORE_THREADS, MAX_THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads, new ThreadPoolExecutor.AbortPolicy());
    }
}
