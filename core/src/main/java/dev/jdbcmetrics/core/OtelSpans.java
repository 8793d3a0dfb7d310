package dev.jdbcmetrics.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The only class that touches the OpenTelemetry API; loaded only when it is on the class path.
 * With no span current, {@code Span.current()} is a thread-local read that returns the invalid
 * span: no allocation.
 */
final class OtelSpans {

    private OtelSpans() {
    }

    /** Hands {@code sampler} the current span's ids when a sampled span is current. */
    static void offer(ExemplarSampler sampler, int bucket, long value) {
        SpanContext context = Span.current().getSpanContext();
        if (context.isValid() && context.isSampled()) {
            sampler.offer(bucket, value, context.getTraceId(), context.getSpanId());
        }
    }

    /** Resolves the API classes used above. */
    static void link() {
        Span.current().getSpanContext().isValid();
    }
}
