package dev.jdbcmetrics.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed certificates made with the {@code openssl} command, for TLS tests. */
final class TestCertificates {

    private TestCertificates() {
    }

    /**
     * Writes {@code NAME.crt} and {@code NAME.key} (PEM, PKCS#8) for CN=localhost with
     * subject alternative names 127.0.0.1 and localhost.
     *
     * @param keyType "rsa" or "ec"
     */
    static void selfSigned(Path folder, String name, String keyType) {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes",
                "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", name + ".key", "-out", name + ".crt"));
        if (keyType.equals("ec")) {
            command.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
        } else {
            command.addAll(List.of("-newkey", "rsa:2048"));
        }
        openssl(folder, command);
    }

    /** Bundles {@code NAME.crt} and {@code NAME.key} into {@code NAME.p12} (password "test"). */
    static Path pkcs12(Path folder, String name) {
        openssl(folder, List.of("openssl", "pkcs12", "-export", "-in", name + ".crt",
                "-inkey", name + ".key", "-out", name + ".p12", "-passout", "pass:test"));
        return folder.resolve(name + ".p12");
    }

    /** Rewrites a PKCS#8 RSA key into the traditional PKCS#1 form. */
    static void toTraditionalRsa(Path folder, String keyFile, String output) {
        openssl(folder, List.of("openssl", "rsa", "-in", keyFile, "-traditional", "-out", output));
    }

    /** A client context trusting {@code trustedCert}, presenting {@code clientP12} if not null. */
    static SSLContext clientContext(Path trustedCert, Path clientP12)
            throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(trustedCert)) {
            trusted.setCertificateEntry("server",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        KeyManagerFactory kmf = null;
        if (clientP12 != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientP12)) {
                keys.load(in, "test".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "test".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static void openssl(Path folder, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the TLS tests need the openssl command line tool;"
                    + " install it (Debian: apt-get install openssl)", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed", e);
        }
    }
}
