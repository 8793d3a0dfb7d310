package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Our histograms in a registry that cannot read them at scrape time (every registry but
 * Prometheus': a {@code SimpleMeterRegistry}, OTLP, …): a real Micrometer {@link Timer} (seconds)
 * or {@link DistributionSummary} (rows), registered through the registry so that its filters apply,
 * whose service-level objectives are our bucket bounds, recorded on the query path beside our own
 * histogram ({@link Mirror}).
 *
 * <p>Configured so that its snapshot holds exactly our buckets, counted since it was registered:
 * no percentiles and no percentile histogram (which would add Micrometer's own buckets), and one
 * statistics buffer that never expires, so the bucket counts are cumulative rather than those of
 * the last few minutes (the maximum then is the maximum since registration too). One buffer also
 * makes a record cheaper: Micrometer records into every buffer of the ring.
 */
final class MicrometerHistograms {

    /** Long enough never to rotate, short enough for Micrometer's nanosecond arithmetic. */
    private static final Duration NEVER = Duration.ofDays(365 * 100);

    private MicrometerHistograms() {
    }

    /**
     * Registers {@code spec} in {@code registry} and has {@code histogram} record into it.
     *
     * @param viaComposite whether {@code registry} is reached through a composite, whose anchor of
     *                     this histogram (an empty meter of the same id) the timer then replaces
     * @return what removes it again; null when the registry's filters deny it
     */
    static Runnable add(MeterRegistry registry, HistogramSpec spec, Histogram histogram, boolean viaComposite) {
        try {
            return register(registry, spec, histogram);
        } catch (IllegalArgumentException differentType) {
            if (!viaComposite) {
                throw differentType; // someone else's meter of this id: not ours to replace
            }
            // A composite's anchor (an empty meter of this id, see HistogramPublisher) got here first:
            // it is ours and measures nothing, so the timer takes its place.
            registry.removeByPreFilterId(new Meter.Id(spec.name(), spec.tags(), spec.baseUnit(), spec.description(),
                    spec.unit().type));
            return register(registry, spec, histogram);
        }
    }

    private static Runnable register(MeterRegistry registry, HistogramSpec spec, Histogram histogram) {
        Meter meter;
        Mirror mirror;
        if (spec.unit() == HistogramUnit.SECONDS) {
            Duration[] slos = new Duration[spec.bounds().length];
            for (int i = 0; i < slos.length; i++) {
                slos[i] = Duration.ofNanos(Math.round(spec.bounds()[i] * 1e9));
            }
            Timer timer = Timer.builder(spec.name()).tags(spec.tags()).description(spec.description())
                    .serviceLevelObjectives(slos)
                    .distributionStatisticExpiry(NEVER).distributionStatisticBufferLength(1)
                    .register(registry);
            if (timer instanceof NoopTimer) {
                return null;
            }
            meter = timer;
            mirror = nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            DistributionSummary summary = DistributionSummary.builder(spec.name()).tags(spec.tags())
                    .description(spec.description()).baseUnit(spec.baseUnit())
                    .serviceLevelObjectives(spec.bounds())
                    .distributionStatisticExpiry(NEVER).distributionStatisticBufferLength(1)
                    .register(registry);
            if (summary instanceof NoopDistributionSummary) {
                return null;
            }
            meter = summary;
            mirror = summary::record;
        }
        histogram.addMirror(mirror);
        return () -> {
            histogram.removeMirror(mirror);
            registry.remove(meter);
        };
    }
}
