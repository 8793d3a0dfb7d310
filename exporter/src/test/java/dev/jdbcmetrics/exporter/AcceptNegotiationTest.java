package dev.jdbcmetrics.exporter;

import static dev.jdbcmetrics.exporter.AcceptNegotiation.OPENMETRICS;
import static dev.jdbcmetrics.exporter.AcceptNegotiation.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptNegotiationTest {

    @Test
    void servesTextWithoutAnAcceptHeader() {
        assertThat(AcceptNegotiation.choose(null)).isEqualTo(TEXT);
        assertThat(AcceptNegotiation.choose(List.of(""))).isEqualTo(TEXT);
    }

    @Test
    void servesOpenMetricsWhenItIsTheOnlyChoice() {
        assertThat(choose("application/openmetrics-text")).isEqualTo(OPENMETRICS);
        assertThat(choose("application/openmetrics-text; version=1.0.0; charset=utf-8"))
                .isEqualTo(OPENMETRICS);
        assertThat(choose("application/openmetrics-text;version=0.0.1")).isEqualTo(OPENMETRICS);
    }

    @Test
    void picksTheHighestQualityNotTheFirstMention() {
        assertThat(choose("application/openmetrics-text;q=0.1, text/plain;q=0.5")).isEqualTo(TEXT);
        assertThat(choose("text/plain;version=0.0.4;q=0.3, application/openmetrics-text;"
                + "version=1.0.0;q=0.6")).isEqualTo(OPENMETRICS);
    }

    @Test
    void keepsTheFirstListedOnATie() {
        assertThat(choose("text/plain, application/openmetrics-text")).isEqualTo(TEXT);
        assertThat(choose("application/openmetrics-text, text/plain")).isEqualTo(OPENMETRICS);
    }

    @Test
    void skipsWhatWeDoNotServe() {
        String protobufFirst = "application/vnd.google.protobuf;"
                + "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.9,"
                + "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;q=0.4";
        assertThat(choose(protobufFirst)).isEqualTo(AcceptNegotiation.PROTOBUF);
        assertThat(choose("application/vnd.google.protobuf;proto=io.prometheus.client.Other;encoding=delimited,"
                + "application/openmetrics-text;q=0.5")).isEqualTo(OPENMETRICS);
        assertThat(choose("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text"))
                .isEqualTo(TEXT);
        assertThat(choose("application/openmetrics-text;version=2.0.0, text/plain;q=0.1"))
                .isEqualTo(TEXT);
        assertThat(choose("application/json")).isEqualTo(TEXT);
    }

    @Test
    void treatsQZeroAndBadQAsNotAcceptable() {
        assertThat(choose("application/openmetrics-text;q=0, text/plain;q=0.1")).isEqualTo(TEXT);
        assertThat(choose("application/openmetrics-text;q=abc")).isEqualTo(TEXT);
        assertThat(choose("application/openmetrics-text;q=\"0.8\", text/plain;q=0.2"))
                .isEqualTo(OPENMETRICS);
    }

    @Test
    void mapsWildcardsToTheirFormat() {
        assertThat(choose("*/*")).isEqualTo(TEXT);
        assertThat(choose("application/*;q=0.9, text/*;q=0.2")).isEqualTo(OPENMETRICS);
    }

    @Test
    void combinesSeveralAcceptHeaders() {
        assertThat(AcceptNegotiation.choose(
                List.of("text/plain;q=0.2", "application/openmetrics-text;q=0.7")))
                .isEqualTo(OPENMETRICS);
    }

    @Test
    void isNeededBecauseClientJavaAloneIgnoresQValues() {
        // If client_java starts honouring q-values, this adapter can go.
        String textPreferred = "application/openmetrics-text;q=0.1, text/plain;q=0.9";

        assertThat(ExpositionFormats.init().findWriter(textPreferred).getContentType())
                .startsWith("application/openmetrics-text");
        assertThat(choose(textPreferred)).isEqualTo(TEXT);
    }

    private static String choose(String header) {
        return AcceptNegotiation.choose(List.of(header));
    }
}
