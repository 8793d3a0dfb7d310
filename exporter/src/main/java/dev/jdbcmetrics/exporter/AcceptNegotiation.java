package dev.jdbcmetrics.exporter;

import java.util.List;
import java.util.Locale;

/**
 * Chooses the exposition format from the {@code Accept} header, honouring q-values.
 *
 * <p>client_java's writer lookup only checks whether the header mentions a format, so
 * {@code application/openmetrics-text;q=0.1, text/plain} would get OpenMetrics. We pick the
 * supported range with the highest q (the first one listed on a tie) and hand client_java a
 * canonical header naming only that format. Protobuf (delimited {@code io.prometheus.client.MetricFamily},
 * what Prometheus asks for first when its native histograms are on) is offered: it is the one format
 * that carries our native histograms.
 */
final class AcceptNegotiation {

    static final String TEXT = "text/plain; version=0.0.4";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";
    static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private AcceptNegotiation() {
    }

    /**
     * @param acceptHeaders the values of every {@code Accept} header, or null
     * @return {@link #TEXT}, {@link #OPENMETRICS} or {@link #PROTOBUF}; text when nothing supported is acceptable
     */
    static String choose(List<String> acceptHeaders) {
        if (acceptHeaders == null) {
            return TEXT;
        }
        String best = TEXT;
        double bestQ = 0;
        for (String header : acceptHeaders) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].trim().toLowerCase(Locale.ROOT);
                double q = 1;
                String version = null;
                String proto = null;
                String encoding = null;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim();
                    int eq = param.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String value = unquote(param.substring(eq + 1).trim());
                    if (name.equals("q")) {
                        q = parseQ(value);
                    } else if (name.equals("version")) {
                        version = value;
                    } else if (name.equals("proto")) {
                        proto = value;
                    } else if (name.equals("encoding")) {
                        encoding = value;
                    }
                }
                String format = type.equals("application/vnd.google.protobuf")
                        ? ("io.prometheus.client.MetricFamily".equals(proto) && "delimited".equals(encoding)
                                ? PROTOBUF : null)
                        : format(type, version);
                if (format != null && q > bestQ) {
                    best = format;
                    bestQ = q;
                }
            }
        }
        return best;
    }

    private static String format(String type, String version) {
        switch (type) {
            case "application/openmetrics-text":
                return version == null || version.equals("1.0.0") || version.equals("0.0.1")
                        ? OPENMETRICS : null;
            case "application/*":
                return OPENMETRICS;
            case "text/plain":
                // Prometheus' text 1.0.0 only adds UTF-8 names; our names are all legacy-valid.
                return version == null || version.equals("0.0.4") || version.equals("1.0.0")
                        ? TEXT : null;
            case "text/*":
            case "*/*":
                return TEXT;
            default:
                return null;
        }
    }

    private static double parseQ(String value) {
        try {
            double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
