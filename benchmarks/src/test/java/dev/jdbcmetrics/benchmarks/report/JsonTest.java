package dev.jdbcmetrics.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesNestedObjectsArraysNumbersStringsAndLiterals() {
        Object parsed = Json.parse(" {\"a\": [1, -2.5e3, \"x\\\"y\\u00b7\"], \"b\": {\"t\": true, \"f\": false,"
                + " \"n\": null}, \"e\": [], \"o\": {}} ");

        Map<String, Object> literals = new HashMap<>(Map.of("t", true, "f", false));
        literals.put("n", null);
        assertThat(parsed).isEqualTo(Map.of(
                "a", List.of(1.0, -2500.0, "x\"y\u00b7"),
                "b", literals,
                "e", List.of(),
                "o", Map.of()));
    }

    @Test
    void namesTheOffsetOfBadInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at offset 8: expected a member name");
        assertThatThrownBy(() -> Json.parse("[1] x"))
                .hasMessage("invalid JSON at offset 4: expected end of input");
        assertThatThrownBy(() -> Json.parse("\"open"))
                .hasMessage("invalid JSON at offset 5: expected a closing quote");
    }
}
