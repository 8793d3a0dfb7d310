package dev.jdbcmetrics.exporter;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** Builds the server's {@link SSLContext} from the PEM files named in the web config. */
final class TlsSetup {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    // The key store only lives in memory; its password protects nothing.
    private static final char[] IN_MEMORY_PASSWORD = "jdbc-metrics".toCharArray();
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsSetup() {
    }

    /** Loads the certificate chain, key and optional client CAs into a TLS context. */
    static SSLContext sslContext(WebConfig config) {
        WebConfig.Tls tls = config.tls();
        String prefix = config.describe() + ": tls_server_config.";
        List<X509Certificate> chain = certificates(tls.certFile, prefix + "cert_file");
        PrivateKey key = privateKey(tls.keyFile, chain.get(0).getPublicKey(),
                prefix + "key_file");
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY_PASSWORD);

            TrustManagerFactory tmf = null;
            if (tls.clientCaFile != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (X509Certificate ca : certificates(tls.clientCaFile, prefix + "client_ca_file")) {
                    trusted.setCertificateEntry("client-ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ExporterConfigException(config.describe()
                    + ": cannot set up TLS with cert_file " + tls.certFile + " and key_file "
                    + tls.keyFile + ": " + e.getMessage(), e);
        }
    }

    /** TLS 1.2 or 1.3, and client certificates as configured. */
    static HttpsConfigurator configurator(SSLContext context, WebConfig.Tls tls) {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setProtocols(PROTOCOLS);
                if (tls.clientAuth == WebConfig.ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT) {
                    parameters.setNeedClientAuth(true);
                } else if (tls.clientAuth == WebConfig.ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN) {
                    parameters.setWantClientAuth(true);
                }
                params.setSSLParameters(parameters);
            }
        };
    }

    private static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        try {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : found) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new ExporterConfigException(what + " " + file + ": no PEM certificate found");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new ExporterConfigException(what + " " + file
                    + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey privateKey(Path file, PublicKey certificateKey, String what) {
        String text = new String(read(file, what), StandardCharsets.US_ASCII);
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(block.group(2), certificateKey, file, what);
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new ExporterConfigException(what + " " + file + ": a " + type
                            + " (traditional format) is not supported; convert it to PKCS#8 with"
                            + " openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem");
                case "ENCRYPTED PRIVATE KEY":
                    throw new ExporterConfigException(what + " " + file + ": encrypted keys are"
                            + " not supported; decrypt it with"
                            + " openssl pkcs8 -in OLD.pem -out NEW.pem");
                default:
                    // Skip other blocks, such as EC PARAMETERS or a certificate.
            }
        }
        throw new ExporterConfigException(what + " " + file + ": no PEM private key found");
    }

    private static PrivateKey pkcs8(String base64, PublicKey certificateKey, Path file,
            String what) {
        String algorithm = certificateKey.getAlgorithm();
        PrivateKey key;
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new ExporterConfigException(what + " " + file + ": not a PKCS#8 " + algorithm
                    + " private key, which the certificate needs", e);
        }
        if (!matches(key, certificateKey)) {
            throw new ExporterConfigException(what + " " + file
                    + ": the key does not belong to the certificate in cert_file");
        }
        return key;
    }

    /** Signs and verifies a sample, so that a mismatched pair fails here, not at handshake. */
    private static boolean matches(PrivateKey key, PublicKey certificateKey) {
        String algorithm;
        switch (certificateKey.getAlgorithm()) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                algorithm = certificateKey.getAlgorithm();
                break;
            default:
                return true; // No cheap check for this key type; the handshake will tell.
        }
        try {
            byte[] sample = "jdbc-metrics".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(sample);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(sample);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExporterConfigException(
                    what + " " + file + ": cannot read the file (" + WebConfig.reason(e) + ")", e);
        }
    }
}
