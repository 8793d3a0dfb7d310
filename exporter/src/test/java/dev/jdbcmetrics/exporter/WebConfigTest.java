package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigTest {

    private static final String HASH_A =
            "$2a$10$ABCDEFGHIJKLMNOPQRSTUu8VqLJ5Hk3mXJQ8LzWmVv1bJ7vZpZbcO";
    private static final String HASH_Y =
            "$2y$12$ABCDEFGHIJKLMNOPQRSTUu8VqLJ5Hk3mXJQ8LzWmVv1bJ7vZpZbcO";

    @TempDir
    Path folder;

    @Test
    void readsUsersAndResolvesTlsPathsAgainstTheFileFolder() throws IOException {
        Path config = write("basic_auth_users:\n"
                + "  alice: " + HASH_A + "\n"
                + "  bob: \"" + HASH_Y + "\"\n"
                + "tls_server_config:\n"
                + "  cert_file: certs/server.crt\n"
                + "  key_file: /etc/keys/server.key\n"
                + "  client_auth_type: VerifyClientCertIfGiven\n"
                + "  client_ca_file: ca.crt\n");

        WebConfig web = WebConfig.load(config);

        assertThat(web.users()).containsExactly(
                org.assertj.core.api.Assertions.entry("alice", HASH_A),
                org.assertj.core.api.Assertions.entry("bob", HASH_Y));
        assertThat(web.tls().certFile).isEqualTo(folder.resolve("certs/server.crt"));
        assertThat(web.tls().keyFile).isEqualTo(Path.of("/etc/keys/server.key"));
        assertThat(web.tls().clientCaFile).isEqualTo(folder.resolve("ca.crt"));
        assertThat(web.tls().clientAuth).isEqualTo(WebConfig.ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN);
    }

    @Test
    void treatsAnEmptyFileAsNoSecurity() throws IOException {
        WebConfig web = WebConfig.load(write("# nothing yet\n"));

        assertThat(web.users()).isEmpty();
        assertThat(web.tls()).isNull();
    }

    @Test
    void rejectsAnUnknownTopLevelKeyWithItsLine() throws IOException {
        Path config = write("basic_auth_users:\n  alice: " + HASH_A + "\ntls_sever_config:\n"
                + "  cert_file: a\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("web config " + config + ": line 3: unknown key 'tls_sever_config'"
                        + " in the file (supported: basic_auth_users, tls_server_config)");
    }

    @Test
    void rejectsAnExporterToolkitOptionWeDoNotImplement() throws IOException {
        Path config = write("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n"
                + "  min_version: TLS13\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .hasMessage("web config " + config + ": line 4: unknown key 'min_version' in"
                        + " tls_server_config (supported: cert_file, key_file, client_auth_type,"
                        + " client_ca_file)");
    }

    @Test
    void rejectsAValueThatIsNotABcryptHashWithoutEchoingIt() throws IOException {
        Path config = write("basic_auth_users:\n  alice: " + HASH_A + "\n  carol: hunter2\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .hasMessage("web config " + config + ": line 3: user 'carol': not a bcrypt hash"
                        + " (expected $2a$, $2b$ or $2y$ followed by the cost and 53 characters,"
                        + " e.g. from htpasswd -nBC 10 carol)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsDuplicateUsers() throws IOException {
        Path config = write("basic_auth_users:\n  alice: " + HASH_A + "\n  alice: " + HASH_Y + "\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .hasMessage("web config " + config
                        + ": line 3: duplicate key 'alice' in basic_auth_users");
    }

    @Test
    void requiresBothCertificateAndKey() throws IOException {
        Path config = write("tls_server_config:\n  cert_file: a.crt\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .hasMessage("web config " + config
                        + ": line 2: tls_server_config needs both cert_file and key_file");
    }

    @Test
    void rejectsClientCertificateSettingsThatDoNotFitTogether() throws IOException {
        Path noCa = write("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n");
        assertThatThrownBy(() -> WebConfig.load(noCa))
                .hasMessage("web config " + noCa + ": line 2: client_auth_type"
                        + " RequireAndVerifyClientCert needs client_ca_file");

        Path noType = write("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n"
                + "  client_ca_file: ca.crt\n");
        assertThatThrownBy(() -> WebConfig.load(noType))
                .hasMessage("web config " + noType + ": line 2: client_ca_file is set but"
                        + " client_auth_type is not; set client_auth_type:"
                        + " RequireAndVerifyClientCert");

        Path unsupported = write("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n"
                + "  client_auth_type: RequestClientCert\n");
        assertThatThrownBy(() -> WebConfig.load(unsupported))
                .hasMessage("web config " + unsupported + ": line 4: client_auth_type"
                        + " 'RequestClientCert' is not supported (supported: NoClientCert,"
                        + " VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
    }

    @Test
    void reportsInvalidYamlWithItsLine() throws IOException {
        Path config = write("basic_auth_users:\n  alice: [unclosed\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessageStartingWith("web config " + config + ": line 3: invalid YAML: ");
    }

    @Test
    void reportsAFileThatCannotBeRead() {
        Path missing = folder.resolve("nope.yml");

        assertThatThrownBy(() -> WebConfig.load(missing))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("web config " + missing + ": cannot read the file (no such file)");
    }

    @Test
    void rejectsAUsersSectionThatIsNotAMapping() throws IOException {
        Path config = write("basic_auth_users:\n  - alice\n");

        assertThatThrownBy(() -> WebConfig.load(config))
                .hasMessage("web config " + config + ": line 2: basic_auth_users must be a mapping");
    }

    private int files;

    private Path write(String yaml) throws IOException {
        return Files.writeString(folder.resolve("web-config-" + files++ + ".yml"), yaml);
    }
}
