package dev.jdbcmetrics.exporter;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns the text of a {@code web-config.yml} into a {@link WebConfig}; the only class of the
 * exporter that uses SnakeYAML (see {@link WebConfig#load}).
 */
final class WebConfigParser {

    private static final List<String> TOP_KEYS = List.of("basic_auth_users", "tls_server_config");
    private static final List<String> TLS_KEYS =
            List.of("cert_file", "key_file", "client_auth_type", "client_ca_file");
    private static final Pattern BCRYPT =
            Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private WebConfigParser() {
    }

    /**
     * Parses and validates the file's text.
     *
     * @param file   the file's absolute path; relative paths in it resolve against its folder
     * @param prefix the start of every error message, naming the file
     * @throws ExporterConfigException naming the line and key where it applies
     */
    static WebConfig parse(String text, Path file, String prefix) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new ExporterConfigException(prefix + "line " + (e.getProblemMark().getLine() + 1)
                    + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ExporterConfigException(prefix + "invalid YAML: " + e.getMessage(), e);
        }
        if (root == null || isNull(root)) {
            return new WebConfig(Map.of(), null, file);
        }
        Parser parser = new Parser(prefix, file.getParent());
        Map<String, Node> top = parser.mapping(root, "the file", TOP_KEYS);
        Map<String, String> users = top.containsKey("basic_auth_users")
                ? parser.users(top.get("basic_auth_users")) : Map.of();
        WebConfig.Tls tls = top.containsKey("tls_server_config")
                ? parser.tls(top.get("tls_server_config")) : null;
        return new WebConfig(users, tls, file);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** Walks the node tree; every error names the line. */
    private static final class Parser {
        private final String prefix;
        private final Path folder;

        Parser(String prefix, Path folder) {
            this.prefix = prefix;
            this.folder = folder;
        }

        Map<String, Node> mapping(Node node, String what, List<String> allowed) {
            if (isNull(node)) {
                return Map.of();
            }
            if (!(node instanceof MappingNode)) {
                throw error(node, what + " must be a mapping");
            }
            Map<String, Node> result = new LinkedHashMap<>();
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                String key = scalar(tuple.getKeyNode(), "a key in " + what);
                if (allowed != null && !allowed.contains(key)) {
                    throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what
                            + " (supported: " + String.join(", ", allowed) + ")");
                }
                if (result.put(key, tuple.getValueNode()) != null) {
                    throw error(tuple.getKeyNode(), "duplicate key '" + key + "' in " + what);
                }
            }
            return result;
        }

        Map<String, String> users(Node node) {
            Map<String, String> users = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : mapping(node, "basic_auth_users", null).entrySet()) {
                String user = entry.getKey();
                Node value = entry.getValue();
                if (user.isEmpty() || user.indexOf(':') >= 0) {
                    throw error(value, "user '" + user
                            + "': a user name must be non-empty and must not contain ':'");
                }
                String hash = value instanceof ScalarNode && !isNull(value)
                        ? ((ScalarNode) value).getValue().trim() : "";
                if (!BCRYPT.matcher(hash).matches()) {
                    // Never echo the value: it could be a plain-text password put there by mistake.
                    throw error(value, "user '" + user + "': not a bcrypt hash (expected $2a$,"
                            + " $2b$ or $2y$ followed by the cost and 53 characters, e.g. from"
                            + " htpasswd -nBC 10 " + user + ")");
                }
                users.put(user, hash);
            }
            return users;
        }

        WebConfig.Tls tls(Node node) {
            Map<String, Node> tls = mapping(node, "tls_server_config", TLS_KEYS);
            if (!tls.containsKey("cert_file") || !tls.containsKey("key_file")) {
                throw error(node, "tls_server_config needs both cert_file and key_file");
            }
            Path cert = path(tls.get("cert_file"), "cert_file");
            Path key = path(tls.get("key_file"), "key_file");
            Path clientCa = tls.containsKey("client_ca_file")
                    ? path(tls.get("client_ca_file"), "client_ca_file") : null;
            WebConfig.ClientAuth clientAuth = WebConfig.ClientAuth.NO_CLIENT_CERT;
            if (tls.containsKey("client_auth_type")) {
                clientAuth = clientAuth(tls.get("client_auth_type"));
            }
            if (clientAuth != WebConfig.ClientAuth.NO_CLIENT_CERT && clientCa == null) {
                throw error(node, "client_auth_type " + clientAuth.yamlName
                        + " needs client_ca_file");
            }
            if (clientAuth == WebConfig.ClientAuth.NO_CLIENT_CERT && clientCa != null) {
                throw error(node, "client_ca_file is set but client_auth_type is not; set"
                        + " client_auth_type: RequireAndVerifyClientCert");
            }
            return new WebConfig.Tls(cert, key, clientAuth, clientCa);
        }

        private WebConfig.ClientAuth clientAuth(Node node) {
            String value = scalar(node, "client_auth_type");
            for (WebConfig.ClientAuth auth : WebConfig.ClientAuth.values()) {
                if (auth.yamlName.equals(value)) {
                    return auth;
                }
            }
            throw error(node, "client_auth_type '" + value + "' is not supported (supported:"
                    + " NoClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
        }

        private Path path(Node node, String key) {
            String value = scalar(node, key);
            if (value.isEmpty()) {
                throw error(node, key + " must not be empty");
            }
            return folder.resolve(value).normalize();
        }

        private String scalar(Node node, String what) {
            if (!(node instanceof ScalarNode) || isNull(node)) {
                throw error(node, what + " must be a single value");
            }
            return ((ScalarNode) node).getValue().trim();
        }

        private ExporterConfigException error(Node node, String message) {
            return new ExporterConfigException(
                    prefix + "line " + (node.getStartMark().getLine() + 1) + ": " + message);
        }
    }
}
