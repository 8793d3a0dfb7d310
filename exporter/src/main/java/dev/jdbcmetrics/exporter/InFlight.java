package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.HttpHandler;
import java.util.concurrent.TimeUnit;

/**
 * Counts requests in progress so that closing can let them finish. The JDK server's own
 * {@code stop(delay)} waits the whole delay on Java 17 even when nothing is in progress.
 */
final class InFlight {

    private int active;
    private boolean closing;

    /** Wraps {@code handler} so that it is counted, and answers 503 once closing has begun. */
    HttpHandler track(HttpHandler handler) {
        return exchange -> {
            if (!enter()) {
                PlainHandlers.send(exchange, 503, PlainHandlers.TEXT, "shutting down\n");
                return;
            }
            try {
                handler.handle(exchange);
            } finally {
                exit();
            }
        };
    }

    /** Refuses new requests and waits up to {@code graceNanos} for those in progress. */
    synchronized void drain(long graceNanos) {
        closing = true;
        long end = System.nanoTime() + graceNanos;
        while (active > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized boolean enter() {
        if (closing) {
            return false;
        }
        active++;
        return true;
    }

    private synchronized void exit() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }
}
