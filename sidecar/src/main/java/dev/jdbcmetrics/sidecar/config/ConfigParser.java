package dev.jdbcmetrics.sidecar.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

/** Turns the YAML of DESIGN.md into a validated {@link SidecarConfig}. */
final class ConfigParser {

    private static final Set<String> TOP = Set.of("targets", "collectors",
            "slow_query_threshold");
    private static final Set<String> TARGET = Set.of("name", "url", "user", "password_env",
            "password_file", "pool", "collectors");
    private static final Set<String> POOL = Set.of("max_size", "min_idle", "connection_timeout");
    private static final Set<String> COLLECTOR = Set.of("name", "min_interval", "timeout",
            "metrics");
    private static final Set<String> METRIC = Set.of("name", "type", "help", "query", "labels",
            "value");

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Names the sidecar itself exposes, which a collector metric must not shadow. */
    private static final Set<String> RESERVED = Set.of("db_up", "db_collector_duration_seconds",
            "db_collector_errors", "db_collector_up");

    private final UnaryOperator<String> env;
    private final Path baseFolder;

    ConfigParser(UnaryOperator<String> env, Path baseFolder) {
        this.env = env;
        this.baseFolder = baseFolder;
    }

    SidecarConfig parse(Reader yaml) throws ConfigException {
        YamlMapping top = YamlMapping.open(compose(yaml), "the configuration", TOP);
        List<CollectorConfig> collectors = new ArrayList<>();
        if (top.has("collectors")) {
            Map<String, Integer> collectorLines = new HashMap<>();
            Map<String, String> metricOwners = new HashMap<>();
            for (Node node : top.list("collectors")) {
                CollectorConfig collector = collector(node, metricOwners);
                Integer first = collectorLines.putIfAbsent(collector.name(), YamlMapping.line(node));
                if (first != null) {
                    throw new ConfigException("duplicate collector name '" + collector.name()
                            + "' at line " + YamlMapping.line(node) + " (first at line " + first
                            + ")");
                }
                collectors.add(collector);
            }
        }
        Set<String> collectorNames = new HashSet<>();
        collectors.forEach(c -> collectorNames.add(c.name()));

        List<Node> targetNodes = top.list("targets");
        if (targetNodes.isEmpty()) {
            throw new ConfigException("'targets' at line " + top.lineOf("targets")
                    + " must list at least one target");
        }
        List<TargetConfig> targets = new ArrayList<>();
        Map<String, Integer> targetLines = new HashMap<>();
        for (Node node : targetNodes) {
            TargetConfig target = target(node, collectorNames);
            Integer first = targetLines.putIfAbsent(target.name(), YamlMapping.line(node));
            if (first != null) {
                throw new ConfigException("duplicate target name '" + target.name() + "' at line "
                        + YamlMapping.line(node) + " (first at line " + first + ")");
            }
            targets.add(target);
        }
        Optional<Duration> slowQueryThreshold = Optional.ofNullable(
                top.duration("slow_query_threshold", null, false));
        return new SidecarConfig(targets, collectors, slowQueryThreshold);
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

    private TargetConfig target(Node node, Set<String> collectorNames) throws ConfigException {
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
        return new TargetConfig(name, url, user, password, pool, collectors);
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
        String name = map.string("name");
        Duration minInterval = map.duration("min_interval", Duration.ZERO, true);
        Duration timeout = map.duration("timeout", CollectorConfig.DEFAULT_TIMEOUT, false);
        List<Node> metricNodes = map.list("metrics");
        if (metricNodes.isEmpty()) {
            throw new ConfigException("collector '" + name + "' at line " + map.line()
                    + " has no metrics");
        }
        List<MetricConfig> metrics = new ArrayList<>();
        for (Node metricNode : metricNodes) {
            MetricConfig metric = metric(metricNode);
            String owner = metricOwners.putIfAbsent(metric.name(), name);
            if (owner != null) {
                throw new ConfigException("duplicate metric name '" + metric.name() + "' at line "
                        + metric.line() + " (already defined in collector '" + owner + "')");
            }
            metrics.add(metric);
        }
        return new CollectorConfig(name, minInterval, timeout, metrics);
    }

    private static MetricConfig metric(Node node) throws ConfigException {
        YamlMapping map = YamlMapping.open(node, "metric", METRIC);
        String name = map.string("name");
        int line = map.lineOf("name");
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new ConfigException("invalid metric name '" + name + "' at line " + line
                    + " (use letters, digits, '_' and ':', not starting with a digit)");
        }
        MetricType type = type(map);
        if (type == MetricType.COUNTER && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length()); // the writer adds it
        }
        if (RESERVED.contains(name)) {
            throw new ConfigException("metric name '" + map.string("name") + "' at line " + line
                    + " is reserved by the sidecar");
        }
        String help = map.string("help", name);
        String query = map.string("query");
        List<String> labels = map.strings("labels");
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!LABEL_NAME.matcher(label).matches()) {
                throw new ConfigException("invalid label name '" + label + "' at line "
                        + map.lineOf("labels") + " (use letters, digits and '_', not starting"
                        + " with a digit)");
            }
            if (label.startsWith("__")) {
                throw new ConfigException("label '" + label + "' at line " + map.lineOf("labels")
                        + " must not start with '__' (reserved by Prometheus)");
            }
            if (label.equals("target")) {
                throw new ConfigException("label 'target' at line " + map.lineOf("labels")
                        + " is reserved: the sidecar adds it to every sample");
            }
            if (!seen.add(label.toLowerCase(Locale.ROOT))) {
                throw new ConfigException("label '" + label + "' at line " + map.lineOf("labels")
                        + " is listed twice");
            }
        }
        String value = map.string("value");
        if (seen.contains(value.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("column '" + value + "' at line " + map.lineOf("value")
                    + " cannot be both a label and the value");
        }
        return new MetricConfig(name, type, help, query, labels, value, line);
    }

    private static MetricType type(YamlMapping map) throws ConfigException {
        String text = map.string("type");
        return switch (text) {
            case "gauge" -> MetricType.GAUGE;
            case "counter" -> MetricType.COUNTER;
            default -> throw new ConfigException("invalid value '" + text + "' for 'type' at line "
                    + map.lineOf("type") + " (expected gauge or counter)");
        };
    }
}
