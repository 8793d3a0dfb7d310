package dev.jdbcmetrics.exporter;

/**
 * Told when a {@code /metrics} scrape starts and ends, on the thread that serves it, so that
 * slow work of a collector (a round trip to a database) can start when the request arrives and
 * overlap with collecting and rendering the other metrics instead of adding to them.
 *
 * <p>{@link #scrapeStarting()} runs within the scrape's deadline ({@link ScrapeDeadline}),
 * before any collector; {@link #scrapeEnded()} runs on the same thread after the response was
 * written or failed, also when {@code scrapeStarting} threw.
 */
public interface ScrapeListener {

    /** Told nothing: the exporter's default. */
    ScrapeListener NONE = new ScrapeListener() {
        @Override
        public void scrapeStarting() {
        }

        @Override
        public void scrapeEnded() {
        }
    };

    /** A scrape is about to collect, on the calling thread. */
    void scrapeStarting();

    /** The scrape that started on the calling thread is over. */
    void scrapeEnded();
}
