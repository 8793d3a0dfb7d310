package dev.jdbcmetrics.exporter;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/**
 * A {@code web-config.yml} in the form of Prometheus' exporter-toolkit, limited to what the
 * exporter implements:
 *
 * <pre>{@code
 * basic_auth_users:
 *   prometheus: $2y$10$...          # bcrypt ($2a$, $2b$, $2y$), e.g. from htpasswd -nBC 10 ""
 * tls_server_config:
 *   cert_file: server.crt            # PEM; relative paths resolve against this file's folder
 *   key_file: server.key             # PEM, unencrypted PKCS#8 (RSA, EC, EdDSA)
 *   client_auth_type: RequireAndVerifyClientCert   # or VerifyClientCertIfGiven, NoClientCert
 *   client_ca_file: clients-ca.crt
 * }</pre>
 *
 * Any other key is rejected with its name and line, so that a setting the exporter would
 * silently ignore (a misspelt key, or an exporter-toolkit option we do not implement) never
 * leaves an endpoint less protected than its owner believes.
 */
final class WebConfig {

    static final WebConfig NONE = new WebConfig(Map.of(), null, null);


    /** Whether and how TLS clients present certificates, named as in exporter-toolkit. */
    enum ClientAuth {
        NO_CLIENT_CERT("NoClientCert"),
        VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
        REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

        final String yamlName;

        ClientAuth(String yamlName) {
            this.yamlName = yamlName;
        }
    }

    /** The {@code tls_server_config} section, with absolute paths. */
    static final class Tls {
        final Path certFile;
        final Path keyFile;
        final ClientAuth clientAuth;
        final Path clientCaFile;

        Tls(Path certFile, Path keyFile, ClientAuth clientAuth, Path clientCaFile) {
            this.certFile = certFile;
            this.keyFile = keyFile;
            this.clientAuth = clientAuth;
            this.clientCaFile = clientCaFile;
        }
    }

    private final Map<String, String> users;
    private final Tls tls;
    private final Path file;

    WebConfig(Map<String, String> users, Tls tls, Path file) {
        this.users = Collections.unmodifiableMap(users);
        this.tls = tls;
        this.file = file;
    }

    /** User name to bcrypt hash; empty when basic authentication is off. */
    Map<String, String> users() {
        return users;
    }

    /** The TLS settings, or null for plain HTTP. */
    Tls tls() {
        return tls;
    }

    /** Prefix for messages about this file. */
    String describe() {
        return "web config " + file;
    }

    /**
     * Reads and validates a web configuration file.
     *
     * @throws ExporterConfigException naming the file, and the line and key where it applies;
     *         also when SnakeYAML, which reads the file, is not on the class path
     */
    static WebConfig load(Path path) {
        Path file = path.toAbsolutePath().normalize();
        String prefix = "web config " + file + ": ";
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ExporterConfigException(prefix + "cannot read the file (" + reason(e) + ")", e);
        }
        if (!yamlOnClassPath()) {
            throw new ExporterConfigException(prefix + "reading a web config file needs SnakeYAML"
                    + " (org.yaml:snakeyaml) on the class path; add it to the application");
        }
        return WebConfigParser.parse(text, file, prefix);
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    // SnakeYAML is the application's to provide (see pom.xml); WebConfigParser, the only class
    // that touches it, is loaded only after this check.
    private static boolean yamlOnClassPath() {
        try {
            Class.forName("org.yaml.snakeyaml.Yaml", false, WebConfig.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
