package dev.jdbcmetrics.exporter;

/** Just enough JSON writing for {@code /api/summary}: strings escaped, numbers finite or null. */
final class Json {

    private final StringBuilder out = new StringBuilder(4096);
    private boolean first = true;

    Json beginObject() {
        comma();
        out.append('{');
        first = true;
        return this;
    }

    Json endObject() {
        out.append('}');
        first = false;
        return this;
    }

    Json beginArray(String name) {
        name(name);
        out.append('[');
        first = true;
        return this;
    }

    Json endArray() {
        out.append(']');
        first = false;
        return this;
    }

    Json field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        first = false;
        return this;
    }

    Json field(String name, double value) {
        name(name);
        // JSON has no NaN or infinity: an unknown value is null
        if (Double.isFinite(value)) {
            out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value));
        } else {
            out.append("null");
        }
        first = false;
        return this;
    }

    private void name(String name) {
        comma();
        string(name);
        out.append(':');
        first = true; // the value follows without a comma
    }

    private void comma() {
        if (!first) {
            out.append(',');
        }
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // control characters, and < > & so that the JSON is inert even if a browser sniffs it as HTML
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
