package dev.jdbcmetrics.exporter;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP basic authentication against bcrypt hashes, as exporter-toolkit does it.
 *
 * <ul>
 *   <li>The user is looked up by comparing SHA-256 digests of every configured name in
 *       constant time, and an unknown user is checked against a dummy hash of the same cost,
 *       so that response times do not reveal which users exist.</li>
 *   <li>Successful checks are cached (by SHA-256 of user and password, at most
 *       {@value #CACHE_SIZE} entries), so a scrape every 15 s does not pay bcrypt each time.
 *       Failures are never cached.</li>
 *   <li>Failures answer 401 with {@code WWW-Authenticate: Basic realm="jdbc-metrics"} and
 *       count in {@code jdbc_metrics_http_auth_failures_total{reason}}.</li>
 * </ul>
 */
final class BcryptAuthenticator extends Authenticator {

    static final String REALM = "jdbc-metrics";
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\"";
    private static final int CACHE_SIZE = 64;
    /**
     * bcrypt reads at most 72 bytes of a password. Longer ones are refused, as Go's bcrypt
     * (exporter-toolkit) and Spring Security do, rather than matched by their first 72 bytes.
     */
    private static final int MAX_PASSWORD_BYTES = 72;
    // verify() (not verifyStrict) reads the version ($2a$, $2b$, $2y$) from each hash. The
    // length is checked here, so no strategy of the library's may rewrite the password (its
    // default, "strict", would also refuse a password of exactly 72 bytes).
    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.none());

    /** Why a request was refused: the {@code reason} label. */
    enum Reason {
        MISSING("missing"),
        MALFORMED("malformed"),
        UNKNOWN_USER("unknown_user"),
        BAD_PASSWORD("bad_password");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private final List<User> users = new ArrayList<>();
    private final String dummyHash;
    private final Map<Reason, Counter> failures = new EnumMap<>(Reason.class);
    private final Map<ByteBuffer, Boolean> verified = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private final AtomicLong bcryptChecks = new AtomicLong();

    BcryptAuthenticator(Map<String, String> usersToHashes, MeterRegistry registry) {
        int cost = 4;
        for (Map.Entry<String, String> entry : usersToHashes.entrySet()) {
            users.add(new User(entry.getKey(), entry.getValue()));
            cost = Math.max(cost, Integer.parseInt(entry.getValue().substring(4, 6)));
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.dummyHash = BCrypt.withDefaults().hashToString(cost,
                Base64.getEncoder().encodeToString(random).toCharArray());
        for (Reason reason : Reason.values()) {
            failures.put(reason, Counter.builder("jdbc.metrics.http.auth.failures")
                    .description("HTTP requests refused by basic authentication")
                    .tag("reason", reason.label)
                    .register(registry));
        }
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return refuse(exchange, Reason.MISSING);
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return refuse(exchange, Reason.MALFORMED);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refuse(exchange, Reason.MALFORMED);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return refuse(exchange, Reason.MALFORMED);
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Reason failure = check(user, password);
        if (failure != null) {
            return refuse(exchange, failure);
        }
        return new Success(new HttpPrincipal(user, REALM));
    }

    /** How many bcrypt verifications ran, for tests of the cache. */
    long bcryptChecks() {
        return bcryptChecks.get();
    }

    /** @return null when the credentials are valid, else why not */
    private Reason check(String user, String password) {
        ByteBuffer cacheKey = ByteBuffer.wrap(sha256(user + '\0' + password));
        synchronized (verified) {
            if (verified.containsKey(cacheKey)) {
                return null;
            }
        }
        byte[] nameDigest = sha256(user);
        User match = null;
        for (User candidate : users) {
            // No early exit: the time taken does not depend on which user matched.
            if (MessageDigest.isEqual(candidate.nameDigest, nameDigest)) {
                match = candidate;
            }
        }
        boolean passwordMatches = bcrypt(password, match == null ? dummyHash : match.hash);
        if (match == null) {
            return Reason.UNKNOWN_USER;
        }
        if (!passwordMatches) {
            return Reason.BAD_PASSWORD;
        }
        synchronized (verified) {
            verified.put(cacheKey, Boolean.TRUE);
        }
        return null;
    }

    private boolean bcrypt(String password, String hash) {
        bcryptChecks.incrementAndGet();
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        // Still one bcrypt run for a password too long, so that its length does not show in
        // the response time.
        boolean verified = VERIFYER.verify(bytes.length > MAX_PASSWORD_BYTES
                ? Arrays.copyOf(bytes, MAX_PASSWORD_BYTES) : bytes,
                hash.getBytes(StandardCharsets.US_ASCII)).verified;
        return verified && bytes.length <= MAX_PASSWORD_BYTES;
    }

    private Result refuse(HttpExchange exchange, Reason reason) {
        failures.get(reason).increment();
        exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
        return new Retry(401);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static final class User {
        final byte[] nameDigest;
        final String hash;

        User(String name, String hash) {
            this.nameDigest = sha256(name);
            this.hash = hash;
        }
    }
}
