package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way {@code sql-normalizer-pairs.txt} writes a query normalises to its one expected text. */
class SqlNormalizerPairsTest {

    private static final String RESOURCE = "/sql-normalizer-pairs.txt";

    /** One spelling of a query, with the line it is on and the text it must normalise to. */
    record Spelling(int line, String sql, String expected) {

        @Override
        public String toString() {
            return "line " + line + ": " + sql;
        }
    }

    static List<Spelling> spellings() {
        InputStream in = SqlNormalizerPairsTest.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("test resource " + RESOURCE + " is missing from the class path");
        }
        List<Spelling> spellings = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String expected = null;
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.startsWith("=== ")) {
                    expected = line.substring(4);
                } else if (expected != null && !line.isBlank()) {
                    spellings.add(new Spelling(number, line, expected));
                } else if (expected == null && !line.isBlank() && !line.startsWith("%")) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": text before the first header");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return spellings;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void normalisesToTheQuerysOneText(Spelling spelling) {
        String normalized = SqlNormalizer.normalize(spelling.sql());

        assertThat(normalized).isEqualTo(spelling.expected());
        assertThat(SqlNormalizer.fingerprint(normalized)).isEqualTo(SqlNormalizer.fingerprint(spelling.expected()));
    }
}
