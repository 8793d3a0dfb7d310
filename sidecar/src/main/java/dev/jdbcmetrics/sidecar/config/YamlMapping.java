package dev.jdbcmetrics.sidecar.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the configuration, read key by key with errors that name the key, the
 * line and the value. Unknown and duplicate keys are rejected when the mapping is opened.
 */
final class YamlMapping {

    private final String what;
    private final int line;
    private final Map<String, NodeTuple> entries;

    private YamlMapping(String what, int line, Map<String, NodeTuple> entries) {
        this.what = what;
        this.line = line;
        this.entries = entries;
    }

    /**
     * @param node    the node that must be a mapping
     * @param what    what it is, for messages ("target", "pool")
     * @param allowed the keys it may have
     */
    static YamlMapping open(Node node, String what, Set<String> allowed) throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(what + " at line " + line(node) + " must be a mapping of keys"
                    + " to values, got " + describe(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw new ConfigException("key at line " + line(keyNode) + " in " + what
                        + " must be a plain name, got " + describe(keyNode));
            }
            String key = scalarKey.getValue();
            if (entries.containsKey(key)) {
                throw new ConfigException("duplicate key '" + key + "' at line " + line(keyNode)
                        + " (first at line " + line(entries.get(key).getKeyNode()) + ")");
            }
            if (!allowed.contains(key)) {
                checkForbidden(key, keyNode);
                throw new ConfigException("unknown key '" + key + "' at line " + line(keyNode)
                        + " in " + what + Suggestions.didYouMean(key, allowed));
            }
            entries.put(key, tuple);
        }
        return new YamlMapping(what, line(node), entries);
    }

    private static void checkForbidden(String key, Node keyNode) throws ConfigException {
        if (key.equals("password")) {
            // Secrets in a config file end up in version control and in process listings.
            throw new ConfigException("inline 'password' at line " + line(keyNode)
                    + " is not allowed: use password_env (an environment variable) or"
                    + " password_file (a file holding the password)");
        }
    }

    /** @return the line where the mapping starts */
    int line() {
        return line;
    }

    boolean has(String key) {
        Node value = valueNode(key);
        return value != null && !isNull(value);
    }

    /** @return the line of {@code key}, or of the mapping when the key is absent */
    int lineOf(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? line : line(tuple.getKeyNode());
    }

    Node node(String key) throws ConfigException {
        if (!has(key)) {
            throw new ConfigException("missing required key '" + key + "' in " + what
                    + " at line " + line);
        }
        return valueNode(key);
    }

    String string(String key) throws ConfigException {
        Node node = node(key);
        String text = scalar(key, node);
        if (text.isBlank()) {
            throw new ConfigException("'" + key + "' at line " + line(node) + " must not be empty");
        }
        return text;
    }

    String string(String key, String fallback) throws ConfigException {
        return has(key) ? string(key) : fallback;
    }

    int integer(String key, int fallback, int min) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        Node node = node(key);
        String text = scalar(key, node);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' at line " + line(node)
                    + " must be a whole number, got '" + text + "'");
        }
        if (value < min) {
            throw new ConfigException("'" + key + "' at line " + line(node) + " must be at least "
                    + min + ", got " + value);
        }
        return value;
    }

    Duration duration(String key, Duration fallback, boolean zeroAllowed) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        Node node = node(key);
        String text = scalar(key, node);
        Duration value = Durations.parse(text);
        if (value == null) {
            throw new ConfigException("invalid duration '" + text + "' for '" + key + "' at line "
                    + line(node) + " (use e.g. 500ms, 5s, 2m, 1h)");
        }
        if (value.isZero() && !zeroAllowed) {
            throw new ConfigException("'" + key + "' at line " + line(node)
                    + " must be longer than zero, got '" + text + "'");
        }
        return value;
    }

    /** @return the items of a list of plain values; a single value counts as a one-item list */
    List<String> strings(String key) throws ConfigException {
        if (!has(key)) {
            return List.of();
        }
        Node node = node(key);
        if (!(node instanceof SequenceNode sequence)) {
            throw new ConfigException("'" + key + "' at line " + line(node)
                    + " must be a list like [a, b], got " + describe(node));
        }
        List<String> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(scalar(key, item));
        }
        return items;
    }

    /** @return the nodes of a list of mappings */
    List<Node> list(String key) throws ConfigException {
        Node node = node(key);
        if (!(node instanceof SequenceNode sequence)) {
            throw new ConfigException("'" + key + "' at line " + line(node)
                    + " must be a list (items starting with '- '), got " + describe(node));
        }
        return sequence.getValue();
    }

    private String scalar(String key, Node node) throws ConfigException {
        if (!(node instanceof ScalarNode scalar)) {
            throw new ConfigException("'" + key + "' at line " + line(node)
                    + " must be a single value, got " + describe(node));
        }
        return scalar.getValue();
    }

    private Node valueNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** What a node is, for messages: scalars by value, collections by kind. */
    static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return "'" + scalar.getValue() + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }
}
