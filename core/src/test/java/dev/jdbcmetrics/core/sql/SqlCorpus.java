package dev.jdbcmetrics.core.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code sql-corpus.txt}: "=== dialect operation table" headers, each followed by its SQL. */
final class SqlCorpus {

    static final String RESOURCE = "/sql-corpus.txt";
    private static final String HEADER = "=== ";

    /** One corpus statement and what the analyzer must say about it. */
    record Entry(int line, String dialect, SqlOperation operation, String table, String sql) {

        @Override
        public String toString() {
            String oneLine = sql.replaceAll("\\s+", " ").trim();
            return dialect + ":" + line + " " + (oneLine.length() > 70 ? oneLine.substring(0, 70) + "..." : oneLine);
        }
    }

    private SqlCorpus() {
    }

    static List<Entry> entries() {
        InputStream in = SqlCorpus.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("test resource " + RESOURCE + " is missing from the class path");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Entry> parse(BufferedReader reader) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String[] header = null;
        int headerLine = 0;
        StringBuilder sql = new StringBuilder();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.startsWith(HEADER)) {
                if (header != null) {
                    entries.add(entry(headerLine, header, sql));
                }
                header = line.substring(HEADER.length()).trim().split(" ");
                if (header.length != 3) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNumber
                            + ": expected '=== dialect operation table', got '" + line + "'");
                }
                headerLine = lineNumber;
                sql.setLength(0);
            } else if (header != null) {
                sql.append(line).append('\n');
            } else if (!line.isBlank() && !line.startsWith("%")) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": text before the first header");
            }
        }
        if (header != null) {
            entries.add(entry(headerLine, header, sql));
        }
        return entries;
    }

    private static Entry entry(int line, String[] header, StringBuilder sql) {
        String text = sql.toString().stripTrailing();
        SqlOperation operation = SqlOperation.valueOf(header[1].toUpperCase(Locale.ROOT));
        return new Entry(line, header[0], operation, header[2], text);
    }
}
