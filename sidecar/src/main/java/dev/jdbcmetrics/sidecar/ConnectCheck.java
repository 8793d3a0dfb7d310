package dev.jdbcmetrics.sidecar;

import dev.jdbcmetrics.sidecar.config.CollectorConfig;
import dev.jdbcmetrics.sidecar.config.MetricConfig;
import dev.jdbcmetrics.sidecar.config.QueryConfig;
import dev.jdbcmetrics.sidecar.config.Secret;
import dev.jdbcmetrics.sidecar.config.SidecarConfig;
import dev.jdbcmetrics.sidecar.config.TargetConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --check-config FILE --connect}: logs in to each target and runs each collector query
 * once, printing per query {@code OK} or the database's message (and naming the columns a
 * metric needs that the result lacks). Nothing is kept open afterwards.
 */
final class ConnectCheck {

    private final SidecarConfig config;
    private final PrintWriter out;

    ConnectCheck(SidecarConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** @return the number of targets that could not be reached plus the queries that failed */
    int run() {
        int failures = 0;
        for (TargetConfig target : config.targets()) {
            Redaction redaction = new Redaction(target.url(),
                    target.password().map(Secret::reveal).orElse(null));
            try (Connection connection = connect(target)) {
                out.println("target '" + target.name() + "': connected");
                for (String name : target.collectors()) {
                    CollectorConfig collector = config.collector(name);
                    for (QueryConfig query : collector.queries()) {
                        String problem = check(connection, collector, query, redaction);
                        out.println("  collector '" + name + "' query '" + query.name() + "': "
                                + (problem == null ? "OK" : problem));
                        failures += problem == null ? 0 : 1;
                    }
                }
            } catch (SQLException e) {
                out.println("target '" + target.name() + "': cannot connect: "
                        + redaction.describe(e));
                failures++;
            }
        }
        out.flush();
        return failures;
    }

    private static Connection connect(TargetConfig target) throws SQLException {
        Properties login = new Properties();
        target.user().ifPresent(user -> login.setProperty("user", user));
        target.password().ifPresent(p -> login.setProperty("password", p.reveal()));
        DriverManager.setLoginTimeout((int) Math.max(1,
                target.pool().connectionTimeout().toSeconds()));
        return DriverManager.getConnection(target.url(), login);
    }

    /** @return null when the query ran and has every column its metrics name, else why not */
    private static String check(Connection connection, CollectorConfig collector,
                                QueryConfig query, Redaction redaction) {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, collector.timeout().toSeconds()));
            try (ResultSet rows = statement.executeQuery(query.sql())) {
                Set<String> columns = columns(rows.getMetaData());
                List<String> missing = new ArrayList<>();
                for (MetricConfig metric : collector.metrics()) {
                    if (!metric.query().equals(query)) {
                        continue;
                    }
                    List<String> needed = new ArrayList<>(metric.labels());
                    needed.addAll(metric.values());
                    metric.timestampValue().ifPresent(needed::add);
                    for (String column : needed) {
                        if (!columns.contains(column.toLowerCase(Locale.ROOT))) {
                            missing.add("'" + column + "' (metric '" + metric.name() + "')");
                        }
                    }
                }
                return missing.isEmpty() ? null : "the result lacks the column(s) "
                        + String.join(", ", missing) + "; it has " + columns;
            }
        } catch (SQLException e) {
            return redaction.describe(e);
        }
    }

    private static Set<String> columns(ResultSetMetaData meta) throws SQLException {
        Set<String> columns = new TreeSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return columns;
    }
}
