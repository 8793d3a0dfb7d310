/**
 * SQL analysis for labels and statement identity: {@link dev.jdbcmetrics.core.sql.SqlAnalyzer}
 * (operation and main table), {@link dev.jdbcmetrics.core.sql.SqlNormalizer} (literal-free text
 * and its fingerprint) and {@link dev.jdbcmetrics.core.sql.SqlAnalysisCache} (a bounded cache
 * so repeated SQL is a lookup). All of it is a single-pass tokenizer, linear in the SQL length,
 * that never throws and never lets a literal reach its output.
 */
package dev.jdbcmetrics.core.sql;
