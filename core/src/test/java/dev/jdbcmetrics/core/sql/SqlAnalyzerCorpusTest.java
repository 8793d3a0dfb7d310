package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SqlAnalyzerCorpusTest {

    static List<SqlCorpus.Entry> corpus() {
        return SqlCorpus.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void classifiesCorpusStatement(SqlCorpus.Entry entry) {
        SqlAnalysis analysis = SqlAnalyzer.analyze(entry.sql());

        assertThat(analysis.operation()).as("operation of %s", entry).isEqualTo(entry.operation());
        assertThat(analysis.table()).as("table of %s", entry).isEqualTo(entry.table());
    }

    @Test
    void corpusCoversBothDialectsAndEveryOperation() {
        List<SqlCorpus.Entry> entries = SqlCorpus.entries();
        Map<String, Long> perDialect = entries.stream()
                .collect(Collectors.groupingBy(SqlCorpus.Entry::dialect, Collectors.counting()));

        assertThat(entries).hasSizeGreaterThanOrEqualTo(120);
        assertThat(perDialect).containsOnlyKeys("pg", "mysql");
        assertThat(perDialect.get("pg")).isGreaterThanOrEqualTo(60);
        assertThat(perDialect.get("mysql")).isGreaterThanOrEqualTo(60);
        assertThat(entries).extracting(SqlCorpus.Entry::operation).contains(SqlOperation.values());
    }
}
