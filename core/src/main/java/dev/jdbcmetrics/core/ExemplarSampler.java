package dev.jdbcmetrics.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Keeps, per bucket of a duration {@link Histogram}, the last execution that ran inside a sampled
 * OpenTelemetry span, as an exemplar ({@code trace_id}, {@code span_id}, value, time) for the
 * OpenMetrics and protobuf expositions.
 *
 * <p>Only used when the OpenTelemetry API is on the class path ({@link #create}); the OpenTelemetry
 * classes are referenced by {@link OtelSpans} alone, so core runs without them. Per execution it
 * asks for the current span (a thread-local read; no allocation); with a sampled span current, a
 * bucket's exemplar is replaced at most once per {@value #MIN_INTERVAL_MILLIS} ms, so the one
 * small object an exemplar is gets allocated at most that often.
 */
final class ExemplarSampler {

    static final long MIN_INTERVAL_MILLIS = 1_000;
    private static final boolean OTEL_PRESENT = isOtelPresent();

    /** One exemplar, its value in the histogram's recorded unit. */
    record Sample(String traceId, String spanId, long value, long epochMillis) {
    }

    private final AtomicReferenceArray<Sample> samples;

    private ExemplarSampler(int buckets) {
        this.samples = new AtomicReferenceArray<>(buckets);
    }

    /** A sampler for a histogram of {@code buckets} buckets, or null without the OpenTelemetry API. */
    static ExemplarSampler create(int buckets) {
        return OTEL_PRESENT ? new ExemplarSampler(buckets) : null;
    }

    /** An execution of {@code value} landed in {@code bucket}: kept if a sampled span is current. */
    void sample(int bucket, long value) {
        OtelSpans.offer(this, bucket, value);
    }

    /** Called by {@link OtelSpans} with the current sampled span's ids. */
    void offer(int bucket, long value, String traceId, String spanId) {
        long now = System.currentTimeMillis();
        Sample last = samples.get(bucket);
        if (last == null || now - last.epochMillis >= MIN_INTERVAL_MILLIS) {
            samples.set(bucket, new Sample(traceId, spanId, value, now));
        }
    }

    /** The exemplars kept, in bucket order. */
    List<Sample> samples() {
        List<Sample> kept = new ArrayList<>();
        for (int i = 0; i < samples.length(); i++) {
            Sample sample = samples.get(i);
            if (sample != null) {
                kept.add(sample);
            }
        }
        return kept;
    }

    private static boolean isOtelPresent() {
        try {
            Class.forName("io.opentelemetry.api.trace.Span", false, ExemplarSampler.class.getClassLoader());
            OtelSpans.link(); // a broken API fails here, once, rather than on a query
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
