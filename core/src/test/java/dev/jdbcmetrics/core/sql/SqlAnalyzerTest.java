package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlAnalyzerTest {

    @Test
    void nullAndEmptySqlAreOtherWithoutTable() {
        assertThat(SqlAnalyzer.analyze(null)).isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
        assertThat(SqlAnalyzer.analyze("")).isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
        assertThat(SqlAnalyzer.analyze("  \n\t ")).isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
        assertThat(SqlAnalyzer.analyze("/* only a comment */ -- and another"))
                .isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
    }

    @Test
    void analysesWithoutTableAreSharedInstances() {
        assertThat(SqlAnalyzer.analyze("BEGIN")).isSameAs(SqlAnalyzer.analyze("COMMIT"));
        assertThat(SqlAnalyzer.analyze("SELECT 1")).isSameAs(SqlAnalyzer.analyze("SELECT now()"));
    }

    @Test
    void tableNameOfExactly128CharactersIsKept() {
        String schema = "s".repeat(60);
        String table = "t".repeat(67);

        assertThat(SqlAnalyzer.analyze("SELECT * FROM " + schema + "." + table).table())
                .isEqualTo(schema + "." + table)
                .hasSize(SqlAnalyzer.MAX_TABLE_LENGTH);
    }

    @Test
    void tableNameLongerThan128CharactersIsNone() {
        assertThat(SqlAnalyzer.analyze("SELECT * FROM " + "t".repeat(129)).table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("UPDATE " + "s".repeat(64) + "." + "t".repeat(64) + " SET a = 1"))
                .isEqualTo(new SqlAnalysis(SqlOperation.UPDATE, "none"));
        assertThat(SqlAnalyzer.analyze("SELECT * FROM [" + "b".repeat(200) + "]").table()).isEqualTo("none");
    }

    @Test
    void literalsNeverBecomeTheTable() {
        assertThat(SqlAnalyzer.analyze("SELECT * FROM 'orders'").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("SELECT * FROM 12345").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("SELECT * FROM $$orders$$").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("DELETE FROM ? WHERE id = 1").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("UPDATE 42 SET a = 1").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("INSERT INTO E'orders' VALUES (1)").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("CALL 'proc'()").table()).isEqualTo("none");
        assertThat(SqlAnalyzer.analyze("SELECT * FROM \"123\"").table()).isEqualTo("none");
    }

    @Test
    void unterminatedOrOddlyQuotedNamesAreNone() {
        assertThat(SqlAnalyzer.analyze("SELECT * FROM \"orders")).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "none"));
        assertThat(SqlAnalyzer.analyze("SELECT * FROM `orders")).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "none"));
        assertThat(SqlAnalyzer.analyze("SELECT * FROM [orders")).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "none"));
        assertThat(SqlAnalyzer.analyze("SELECT * FROM \"or\"\"ders\"")).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "none"));
        assertThat(SqlAnalyzer.analyze("SELECT * FROM \"\"")).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "none"));
    }

    @Test
    void firstStatementOfAScriptDecides() {
        assertThat(SqlAnalyzer.analyze("SELECT 1; DELETE FROM orders"))
                .isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "none"));
        assertThat(SqlAnalyzer.analyze("INSERT INTO a VALUES (1); INSERT INTO b VALUES (1) ON CONFLICT DO UPDATE SET x = 1"))
                .isEqualTo(new SqlAnalysis(SqlOperation.INSERT, "a"));
    }

    @Test
    void deeplyNestedDerivedTablesDoNotOverflowTheStack() {
        int depth = 100_000;
        String sql = "SELECT * FROM " + "(SELECT * FROM ".repeat(depth) + "orders" + ") x".repeat(depth);

        assertThat(SqlAnalyzer.analyze(sql)).isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "orders"));
    }

    @Test
    void derivedTableWithoutFromIsNone() {
        assertThat(SqlAnalyzer.analyze("SELECT * FROM (SELECT 1 AS one) x JOIN orders o ON true").table())
                .isEqualTo("none");
    }

    @Test
    void parenthesisedJoinGivesItsFirstTable() {
        assertThat(SqlAnalyzer.analyze("SELECT * FROM (orders o JOIN customers c ON c.id = o.customer_id)").table())
                .isEqualTo("orders");
        assertThat(SqlAnalyzer.analyze("SELECT * FROM {oj orders o LEFT OUTER JOIN items i ON i.order_id = o.id}").table())
                .isEqualTo("orders");
    }
}
