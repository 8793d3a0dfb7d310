package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    @TempDir
    Path folder;

    @Test
    void servesMetricsOverHttpsWithAnRsaCertificate() throws Exception {
        TestCertificates.selfSigned(folder, "server", "rsa");
        // Relative paths resolve against the web config's folder.
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");

        try (MetricsExporter exporter = start(config)) {
            HttpResponse<String> response = get(exporter, "/metrics", trusting(null), null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("jdbc_metrics_build_info{");
        }
    }

    @Test
    void servesMetricsOverHttpsWithAnEcCertificateAndBasicAuth() throws Exception {
        TestCertificates.selfSigned(folder, "server", "ec");
        String hash = BCrypt.withDefaults().hashToString(4, "scraper-secret".toCharArray());
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "basic_auth_users:\n  prometheus: " + hash + "\n"
                        + "tls_server_config:\n  cert_file: " + folder.resolve("server.crt") + "\n"
                        + "  key_file: server.key\n");

        try (MetricsExporter exporter = start(config)) {
            HttpClient client = trusting(null);
            String credentials = "Basic " + Base64.getEncoder().encodeToString(
                    "prometheus:scraper-secret".getBytes(StandardCharsets.UTF_8));

            assertThat(get(exporter, "/metrics", client, null).statusCode()).isEqualTo(401);
            assertThat(get(exporter, "/metrics", client, credentials).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesPlainHttpOnATlsPort() throws Exception {
        TestCertificates.selfSigned(folder, "server", "ec");
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");

        try (MetricsExporter exporter = start(config)) {
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void requiresAClientCertificateSignedByTheClientCa() throws Exception {
        TestCertificates.selfSigned(folder, "server", "ec");
        TestCertificates.selfSigned(folder, "client", "ec");
        TestCertificates.selfSigned(folder, "stranger", "ec");
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                        + "  client_auth_type: RequireAndVerifyClientCert\n"
                        + "  client_ca_file: client.crt\n");

        try (MetricsExporter exporter = start(config)) {
            HttpClient known = trusting(TestCertificates.pkcs12(folder, "client"));
            HttpClient stranger = trusting(TestCertificates.pkcs12(folder, "stranger"));

            assertThat(get(exporter, "/metrics", known, null).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(exporter, "/metrics", stranger, null))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(exporter, "/metrics", trusting(null), null))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void reportsMissingCertificateFiles() throws Exception {
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n");

        assertThatThrownBy(() -> start(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("web config " + config + ": tls_server_config.cert_file "
                        + folder.resolve("missing.crt") + ": cannot read the file (no such file)");
    }

    @Test
    void reportsAMissingKeyFile() throws Exception {
        TestCertificates.selfSigned(folder, "server", "ec");
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: nokey.pem\n");

        assertThatThrownBy(() -> start(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("web config " + config + ": tls_server_config.key_file "
                        + folder.resolve("nokey.pem") + ": cannot read the file (no such file)");
    }

    @Test
    void explainsHowToConvertATraditionalRsaKey() throws Exception {
        TestCertificates.selfSigned(folder, "server", "rsa");
        TestCertificates.toTraditionalRsa(folder, "server.key", "server-pkcs1.key");
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server-pkcs1.key\n");

        assertThatThrownBy(() -> start(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("web config " + config + ": tls_server_config.key_file "
                        + folder.resolve("server-pkcs1.key") + ": a RSA PRIVATE KEY (traditional"
                        + " format) is not supported; convert it to PKCS#8 with openssl pkcs8"
                        + " -topk8 -nocrypt -in OLD.pem -out NEW.pem");
    }

    @Test
    void reportsAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        TestCertificates.selfSigned(folder, "server", "ec");
        TestCertificates.selfSigned(folder, "other", "ec");
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n");

        assertThatThrownBy(() -> start(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessage("web config " + config + ": tls_server_config.key_file "
                        + folder.resolve("other.key")
                        + ": the key does not belong to the certificate in cert_file");
    }

    @Test
    void reportsACertificateFileThatHoldsNoCertificate() throws Exception {
        TestCertificates.selfSigned(folder, "server", "ec");
        Path config = Files.writeString(folder.resolve("web-config.yml"),
                "tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n");

        assertThatThrownBy(() -> start(config))
                .isInstanceOf(ExporterConfigException.class)
                .hasMessageStartingWith("web config " + config + ": tls_server_config.cert_file "
                        + folder.resolve("server.key") + ": ");
    }

    private static MetricsExporter start(Path config) {
        return MetricsExporter.builder().port(0).host("127.0.0.1").jvmMetrics(false)
                .webConfig(config).buildAndStart();
    }

    private HttpClient trusting(Path clientP12) throws Exception {
        SSLContext context = TestCertificates.clientContext(folder.resolve("server.crt"), clientP12);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static HttpResponse<String> get(MetricsExporter exporter, String path,
            HttpClient client, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + exporter.getPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
