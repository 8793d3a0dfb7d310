package dev.jdbcmetrics.core;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * What one histogram is published as: its name, tags and bucket bounds (in exposed units:
 * seconds or rows), before or after a registry's filters have mapped them.
 */
record HistogramSpec(String name, String description, HistogramUnit unit, String baseUnit, double[] bounds, Tags tags) {

    /** This spec under the name, tags and base unit a registry's filters gave {@code mapped}. */
    HistogramSpec mappedTo(Meter.Id mapped) {
        return new HistogramSpec(mapped.getName(), description, unit, mapped.getBaseUnit(), bounds,
                Tags.of(mapped.getTagsAsIterable()));
    }

    /**
     * A meter with this spec's id and no measurements: registered through a registry, it carries
     * the id the registry's filters produce (or is a no-op meter when they deny it) and shows up
     * in the registry's {@code find}, while emitting nothing itself.
     */
    Meter.Builder anchor() {
        return Meter.builder(name, unit.type, List.of()).tags(tags).description(description)
                .baseUnit(baseUnit);
    }
}
