package dev.jdbcmetrics.sidecar.config;

import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.MetricsSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns the YAML of DESIGN.md into a validated {@link SidecarConfig}. Where sql_exporter spells
 * a key differently ({@code metric_name}, {@code collector_name}, {@code query_name},
 * {@code key_labels}), both spellings are accepted.
 */
final class ConfigParser {

    private static final Set<String> TOP = Set.of("targets", "collectors", "collector_files",
            "slow_query_threshold");
    private static final Set<String> TARGET = Set.of("name", "url", "user", "password_env",
            "password_file", "pool", "collectors", "settings");
    private static final Set<String> POOL = Set.of("max_size", "min_idle", "connection_timeout");
    private static final Set<String> COLLECTOR = Set.of("name", "collector_name", "min_interval",
            "timeout", "metrics", "queries");
    private static final Set<String> QUERY = Set.of("name", "query_name", "query",
            "no_prepared_statement");
    private static final Set<String> METRIC = Set.of("name", "metric_name", "type", "help",
            "query", "query_ref", "labels", "key_labels", "value", "values", "value_label",
            "static_labels", "static_value", "timestamp_value", "buckets",
            "no_prepared_statement");
    private static final Set<String> SETTINGS =
            Set.copyOf(MetricsSettings.keys(MetricsSettings.Form.SIDECAR));

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Names the sidecar itself exposes, which a collector metric must not shadow. */
    private static final Set<String> RESERVED = Set.of("db_up", "db_collector_duration_seconds",
            "db_collector_errors", "db_collector_up", "db_target_last_success_timestamp_seconds",
            "db_target_probe_failures", "jdbc_metrics_config_last_reload_successful",
            "jdbc_metrics_config_last_reload_success_timestamp_seconds");

    private final UnaryOperator<String> env;
    private final Path baseFolder;

    ConfigParser(UnaryOperator<String> env, Path baseFolder) {
        this.env = env;
        this.baseFolder = baseFolder;
    }

    SidecarConfig parse(Reader yaml) throws ConfigException {
        YamlMapping top = YamlMapping.open(compose(yaml), "the configuration", TOP);
        List<CollectorConfig> collectors = new ArrayList<>();
        Map<String, String> collectorOrigins = new HashMap<>();
        Map<String, String> metricOwners = new HashMap<>();
        if (top.has("collectors")) {
            for (Node node : top.list("collectors")) {
                CollectorConfig collector = collector(node, metricOwners);
                add(collectors, collectorOrigins, collector, "line " + YamlMapping.line(node));
            }
        }
        for (Path file : CollectorFiles.find(top, baseFolder)) {
            CollectorConfig collector = collectorFile(file, metricOwners);
            add(collectors, collectorOrigins, collector, "file " + file);
        }
        Set<String> collectorNames = new HashSet<>(collectorOrigins.keySet());

        Optional<Duration> slowQueryThreshold = Optional.ofNullable(
                top.duration("slow_query_threshold", null, false));
        List<Node> targetNodes = top.list("targets");
        if (targetNodes.isEmpty()) {
            throw new ConfigException("'targets' at line " + top.lineOf("targets")
                    + " must list at least one target");
        }
        List<TargetConfig> targets = new ArrayList<>();
        Map<String, Integer> targetLines = new HashMap<>();
        for (Node node : targetNodes) {
            TargetConfig target = target(node, collectorNames, slowQueryThreshold);
            Integer first = targetLines.putIfAbsent(target.name(), YamlMapping.line(node));
            if (first != null) {
                throw new ConfigException("duplicate target name '" + target.name() + "' at line "
                        + YamlMapping.line(node) + " (first at line " + first + ")");
            }
            targets.add(target);
        }
        return new SidecarConfig(targets, collectors, slowQueryThreshold);
    }

    private static void add(List<CollectorConfig> collectors, Map<String, String> origins,
                            CollectorConfig collector, String origin) throws ConfigException {
        String first = origins.putIfAbsent(collector.name(), origin);
        if (first != null) {
            throw new ConfigException("duplicate collector name '" + collector.name() + "' at "
                    + origin + " (first at " + first + ")");
        }
        collectors.add(collector);
    }

    /** One collector per file, as sql_exporter's {@code collector_files}. */
    private static CollectorConfig collectorFile(Path file, Map<String, String> metricOwners)
            throws ConfigException {
        String text = SidecarConfig.read(file);
        try {
            return collector(compose(new StringReader(text)), metricOwners);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), true);
        }
    }

    private static Node compose(Reader yaml) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by YamlMapping, with both lines
        Node root;
        try {
            root = new Yaml(options).compose(yaml);
        } catch (MarkedYAMLException e) {
            // The problem and its line only: the library's snippet could show secret-looking text.
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException("YAML syntax error at line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("YAML syntax error: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException("the configuration is empty: expected 'targets' and"
                    + " 'collectors'");
        }
        return root;
    }

    private TargetConfig target(Node node, Set<String> collectorNames,
                                Optional<Duration> slowQueryThreshold) throws ConfigException {
        YamlMapping map = YamlMapping.open(node, "target", TARGET);
        String name = map.string("name");
        String url = map.string("url");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException("'url' at line " + map.lineOf("url") + " of target '" + name
                    + "' must be a JDBC URL starting with 'jdbc:'");
        }
        Optional<String> user = Optional.ofNullable(map.string("user", null));
        Optional<Secret> password = password(map);
        PoolConfig pool = map.has("pool") ? pool(map.node("pool")) : PoolConfig.DEFAULT;
        List<String> collectors = map.strings("collectors");
        Set<String> seen = new HashSet<>();
        for (String collector : collectors) {
            if (!collectorNames.contains(collector)) {
                throw new ConfigException("target '" + name + "' at line "
                        + map.lineOf("collectors") + " names undefined collector '" + collector
                        + "'" + Suggestions.didYouMean(collector, collectorNames));
            }
            if (!seen.add(collector)) {
                throw new ConfigException("target '" + name + "' at line "
                        + map.lineOf("collectors") + " names collector '" + collector + "' twice");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        slowQueryThreshold.ifPresent(t -> settings.put("slow_query_threshold", t.toMillis() + "ms"));
        if (map.has("settings")) {
            settings.putAll(settings(map.node("settings")));
        }
        return new TargetConfig(name, url, user, password, pool, collectors, settings);
    }

    /** A target's {@code settings:}, checked by {@link MetricsSettings} as every form is. */
    private static Map<String, String> settings(Node node) throws ConfigException {
        YamlMapping map = YamlMapping.open(node, "settings", SETTINGS);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : map.keys()) {
            if (!map.has(key)) {
                continue;
            }
            String value = map.text(key);
            try {
                MetricsSettings.apply(Map.of(key, value), MetricsSettings.Form.SIDECAR,
                        MetricsConfig.builder());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("setting " + e.getMessage() + " at line "
                        + map.lineOf(key));
            }
            settings.put(key, value);
        }
        try {
            // Each value is valid alone; the series cap must also hold what the others add up to.
            MetricsSettings.config(settings, MetricsSettings.Form.SIDECAR);
        } catch (IllegalArgumentException e) {
            String key = map.has("max_series") ? "max_series" : "duration_buckets";
            throw new ConfigException("setting " + e.getMessage() + " at line " + map.lineOf(key));
        }
        return settings;
    }

    private Optional<Secret> password(YamlMapping map) throws ConfigException {
        if (map.has("password_env") && map.has("password_file")) {
            throw new ConfigException("'password_env' (line " + map.lineOf("password_env")
                    + ") and 'password_file' (line " + map.lineOf("password_file")
                    + ") exclude each other: use one");
        }
        if (map.has("password_env")) {
            String variable = map.string("password_env");
            String value = env.apply(variable);
            if (value == null) {
                throw new ConfigException("environment variable '" + variable + "' named by"
                        + " 'password_env' at line " + map.lineOf("password_env") + " is not set");
            }
            return Optional.of(Secret.of(value));
        }
        if (map.has("password_file")) {
            String file = map.string("password_file");
            return Optional.of(Secret.of(readPasswordFile(file, map.lineOf("password_file"))));
        }
        return Optional.empty();
    }

    private String readPasswordFile(String file, int line) throws ConfigException {
        Path path = baseFolder.resolve(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read 'password_file' '" + file + "' at line " + line
                    + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read 'password_file' '" + file + "' at line " + line
                    + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException("cannot read 'password_file' '" + file + "' at line " + line
                    + ": " + e.getClass().getSimpleName());
        }
        // Files written by `echo` or editors end in a newline that is not part of the password.
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static PoolConfig pool(Node node) throws ConfigException {
        YamlMapping map = YamlMapping.open(node, "pool", POOL);
        PoolConfig defaults = PoolConfig.DEFAULT;
        int maxSize = map.integer("max_size", defaults.maxSize(), 1);
        int minIdle = map.integer("min_idle", defaults.minIdle(), 0);
        if (minIdle > maxSize) {
            throw new ConfigException("'min_idle' at line " + map.lineOf("min_idle")
                    + " must not exceed max_size " + maxSize + ", got " + minIdle);
        }
        Duration timeout = map.duration("connection_timeout", defaults.connectionTimeout(), false);
        if (timeout.toMillis() < 250) {
            throw new ConfigException("'connection_timeout' at line "
                    + map.lineOf("connection_timeout") + " must be at least 250ms (HikariCP's"
                    + " minimum)");
        }
        return new PoolConfig(maxSize, minIdle, timeout);
    }

    private static CollectorConfig collector(Node node, Map<String, String> metricOwners)
            throws ConfigException {
        YamlMapping map = YamlMapping.open(node, "collector", COLLECTOR);
        String name = map.string(map.either("name", "collector_name"));
        Duration minInterval = map.duration("min_interval", Duration.ZERO, true);
        Duration timeout = map.duration("timeout", CollectorConfig.DEFAULT_TIMEOUT, false);
        Map<String, QueryConfig> queries = map.has("queries") ? queries(map.list("queries"))
                : Map.of();
        List<Node> metricNodes = map.list("metrics");
        if (metricNodes.isEmpty()) {
            throw new ConfigException("collector '" + name + "' at line " + map.line()
                    + " has no metrics");
        }
        List<MetricConfig> metrics = new ArrayList<>();
        Set<QueryConfig> used = new HashSet<>();
        for (Node metricNode : metricNodes) {
            MetricConfig metric = metric(metricNode, queries);
            String owner = metricOwners.putIfAbsent(metric.name(), name);
            if (owner != null) {
                throw new ConfigException("duplicate metric name '" + metric.name() + "' at line "
                        + metric.line() + " (already defined in collector '" + owner + "')");
            }
            used.add(metric.query());
            metrics.add(metric);
        }
        for (QueryConfig query : queries.values()) {
            if (!used.contains(query)) {
                throw new ConfigException("query '" + query.name() + "' at line " + query.line()
                        + " of collector '" + name + "' is not used by any metric's 'query_ref'");
            }
        }
        return new CollectorConfig(name, minInterval, timeout, metrics);
    }

    private static Map<String, QueryConfig> queries(List<Node> nodes) throws ConfigException {
        Map<String, QueryConfig> queries = new LinkedHashMap<>();
        for (Node node : nodes) {
            YamlMapping map = YamlMapping.open(node, "query", QUERY);
            String key = map.either("name", "query_name");
            String name = map.string(key);
            QueryConfig query = new QueryConfig(name, map.string("query"), map.lineOf(key));
            QueryConfig first = queries.putIfAbsent(name, query);
            if (first != null) {
                throw new ConfigException("duplicate query name '" + name + "' at line "
                        + query.line() + " (first at line " + first.line() + ")");
            }
        }
        return queries;
    }

    private static MetricConfig metric(Node node, Map<String, QueryConfig> queries)
            throws ConfigException {
        YamlMapping map = YamlMapping.open(node, "metric", METRIC);
        String nameKey = map.either("name", "metric_name");
        String name = map.string(nameKey);
        int line = map.lineOf(nameKey);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new ConfigException("invalid metric name '" + name + "' at line " + line
                    + " (use letters, digits, '_' and ':', not starting with a digit)");
        }
        MetricType type = type(map);
        if (type == MetricType.COUNTER && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length()); // the writer adds it
        }
        if (RESERVED.contains(name)) {
            throw new ConfigException("metric name '" + map.string(nameKey) + "' at line " + line
                    + " is reserved by the sidecar");
        }
        String help = map.string("help", name);
        QueryConfig query = query(map, name, line, queries);

        String labelsKey = map.either("labels", "key_labels");
        List<String> labels = map.strings(labelsKey);
        Set<String> taken = new HashSet<>(); // label names, lower case
        for (String label : labels) {
            checkLabel(label, labelsKey, map, taken);
        }
        Map<String, String> staticLabels = new LinkedHashMap<>();
        if (map.has("static_labels")) {
            YamlMapping statics = YamlMapping.openAny(map.node("static_labels"), "static_labels");
            for (String label : statics.keys()) {
                checkLabel(label, "static_labels", map, taken);
                staticLabels.put(label, statics.has(label) ? statics.text(label) : "");
            }
        }

        String valuesKey = map.has("value") || !map.has("values") ? "value" : "values";
        if (map.has("value") && map.has("values")) {
            map.either("value", "values"); // throws: both given
        }
        List<String> values = valuesKey.equals("value")
                ? (map.has("value") ? List.of(map.string("value")) : List.of())
                : map.strings("values");
        Optional<Double> staticValue = Optional.empty();
        if (map.has("static_value")) {
            if (!values.isEmpty()) {
                throw new ConfigException("'static_value' at line " + map.lineOf("static_value")
                        + " and '" + valuesKey + "' (line " + map.lineOf(valuesKey)
                        + ") exclude each other: a metric takes its value from one or the other");
            }
            staticValue = Optional.of(map.number("static_value"));
        } else if (values.isEmpty()) {
            throw new ConfigException("metric '" + name + "' at line " + line + " needs 'value'"
                    + " (the column holding the value), 'values' or 'static_value'");
        }
        Set<String> valueColumns = new HashSet<>();
        for (String value : values) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (labels.stream().anyMatch(l -> l.equalsIgnoreCase(value))) {
                throw new ConfigException("column '" + value + "' at line " + map.lineOf(valuesKey)
                        + " cannot be both a label and the value");
            }
            if (!valueColumns.add(lower)) {
                throw new ConfigException("column '" + value + "' at line " + map.lineOf(valuesKey)
                        + " is listed twice");
            }
        }
        Optional<String> valueLabel = Optional.ofNullable(map.string("value_label", null));
        if (values.size() > 1 && valueLabel.isEmpty()) {
            throw new ConfigException("metric '" + name + "' at line " + line + " has "
                    + values.size() + " 'values' and needs 'value_label', the label that tells"
                    + " the columns apart");
        }
        if (valueLabel.isPresent()) {
            if (values.size() < 2) {
                throw new ConfigException("'value_label' at line " + map.lineOf("value_label")
                        + " needs two or more 'values' columns");
            }
            checkLabel(valueLabel.get(), "value_label", map, taken);
        }
        Optional<String> timestampValue = Optional.ofNullable(map.string("timestamp_value", null));

        List<Double> buckets = List.of();
        if (type == MetricType.HISTOGRAM) {
            buckets = buckets(map);
            if (values.size() != 1) {
                throw new ConfigException("histogram '" + name + "' at line " + line
                        + " needs exactly one 'value' column (each row is one observation)");
            }
            if (timestampValue.isPresent()) {
                throw new ConfigException("'timestamp_value' at line "
                        + map.lineOf("timestamp_value") + " does not apply to a histogram");
            }
        } else if (map.has("buckets")) {
            throw new ConfigException("'buckets' at line " + map.lineOf("buckets")
                    + " only applies to type histogram");
        }
        return new MetricConfig(name, type, help, query, labels, values, valueLabel,
                staticLabels, staticValue, timestampValue, buckets, line);
    }

    private static QueryConfig query(YamlMapping map, String name, int line,
                                     Map<String, QueryConfig> queries) throws ConfigException {
        if (map.has("query") && map.has("query_ref")) {
            throw new ConfigException("'query' (line " + map.lineOf("query") + ") and 'query_ref'"
                    + " (line " + map.lineOf("query_ref") + ") exclude each other: use one");
        }
        if (map.has("query_ref")) {
            String ref = map.string("query_ref");
            QueryConfig query = queries.get(ref);
            if (query == null) {
                throw new ConfigException("'query_ref' at line " + map.lineOf("query_ref")
                        + " names undefined query '" + ref + "'"
                        + Suggestions.didYouMean(ref, queries.keySet())
                        + (queries.isEmpty() ? " (the collector has no 'queries')" : ""));
            }
            return query;
        }
        if (!map.has("query")) {
            throw new ConfigException("missing required key 'query' (or 'query_ref') in metric"
                    + " at line " + map.line());
        }
        return new QueryConfig(name, map.string("query"), line);
    }

    private static void checkLabel(String label, String key, YamlMapping map, Set<String> taken)
            throws ConfigException {
        int line = map.lineOf(key);
        if (!LABEL_NAME.matcher(label).matches()) {
            throw new ConfigException("invalid label name '" + label + "' at line " + line
                    + " (use letters, digits and '_', not starting with a digit)");
        }
        if (label.startsWith("__")) {
            throw new ConfigException("label '" + label + "' at line " + line
                    + " must not start with '__' (reserved by Prometheus)");
        }
        if (label.equals("target") || label.equals("le")) {
            throw new ConfigException("label '" + label + "' at line " + line + " is reserved: "
                    + (label.equals("le") ? "histograms use it for their buckets"
                    : "the sidecar adds it to every sample"));
        }
        if (!taken.add(label.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("label '" + label + "' at line " + line
                    + " is given twice (in 'labels', 'static_labels' or 'value_label')");
        }
    }

    private static List<Double> buckets(YamlMapping map) throws ConfigException {
        if (!map.has("buckets")) {
            throw new ConfigException("histogram at line " + map.line() + " needs 'buckets',"
                    + " the upper bounds, e.g. [0.1, 1, 10]");
        }
        List<Double> buckets = map.numbers("buckets");
        if (buckets.isEmpty()) {
            throw new ConfigException("'buckets' at line " + map.lineOf("buckets")
                    + " must list at least one upper bound");
        }
        for (int i = 1; i < buckets.size(); i++) {
            if (!(buckets.get(i) > buckets.get(i - 1))) {
                throw new ConfigException("'buckets' at line " + map.lineOf("buckets")
                        + " must be strictly ascending, got " + buckets);
            }
        }
        return buckets;
    }

    private static MetricType type(YamlMapping map) throws ConfigException {
        String text = map.string("type");
        return switch (text) {
            case "gauge" -> MetricType.GAUGE;
            case "counter" -> MetricType.COUNTER;
            case "histogram" -> MetricType.HISTOGRAM;
            default -> throw new ConfigException("invalid value '" + text + "' for 'type' at line "
                    + map.lineOf("type") + " (expected gauge, counter or histogram)");
        };
    }
}
