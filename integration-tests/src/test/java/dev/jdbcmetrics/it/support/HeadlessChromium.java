package dev.jdbcmetrics.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol on its websocket
 * with the JDK's own {@link WebSocket}: one browser per instance, a fresh profile in a temporary
 * folder, every network-facing background feature off, and only loopback in use.
 *
 * <p>The protocol rather than {@code --dump-dom}/{@code --screenshot}: a test needs one page that
 * lives across refreshes (to see its script update it), the console's errors and uncaught
 * exceptions as events, the browser's authentication challenge ({@code Fetch.authRequired}) and a
 * screenshot of the state it checked, none of which the one-shot command-line modes give.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * Starts a browser and connects to it.
     *
     * @throws IllegalStateException when {@code chromium} is not installed or does not start
     */
    public static HeadlessChromium start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("jdbc-metrics-chromium");
        Path log = profile.resolve("chromium.log");
        Process process;
        try {
            process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("profile"),
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,1000",
                    "about:blank")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            delete(profile);
            throw new IllegalStateException("cannot start chromium (" + e.getMessage() + "): install it with"
                    + " 'sudo scripts/setup-test-env.sh' or 'apt-get install chromium'", e);
        }
        try {
            // Chromium writes the port it chose and the browser's websocket path to this file.
            Path activePort = profile.resolve("profile").resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            List<String> lines = List.of();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (Files.exists(activePort)) {
                    lines = Files.readAllLines(activePort);
                    if (lines.size() >= 2) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            if (lines.size() < 2) {
                throw new IllegalStateException("chromium did not open its DevTools port within " + START_TIMEOUT
                        + ":\n" + Files.readString(log));
            }
            URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
            Receiver receiver = new Receiver();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, receiver)
                    .get(10, TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
            receiver.chromium = chromium;
            return chromium;
        } catch (Exception e) {
            destroy(process);
            delete(profile);
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot connect to chromium: " + e, e);
        }
    }

    /** Opens a new tab and attaches to it; commands to it go through the returned session id. */
    public String newPage() {
        String targetId = send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        return send(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").asText();
    }

    /**
     * Sends one command and waits for its result.
     *
     * @param session the page's session id, or null for the browser
     * @throws IllegalStateException when chromium answers with an error or not in time
     */
    public JsonNode send(String session, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(message.toString(), true).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode response = answer.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            return response.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (Exception e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Sends a command without waiting (for answering events from the listener thread). */
    public void sendAsync(String session, String method, Map<String, ?> params) {
        ObjectNode message = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("method", method);
        message.set("params", JSON.valueToTree(params));
        message.put("sessionId", session);
        socket.sendText(message.toString(), true);
    }

    /** Tells {@code listener} every event (a message with {@code method}, {@code params}, {@code sessionId}). */
    public void onEvent(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** Evaluates a JavaScript expression in the page and returns its value (JSON-compatible values only). */
    public JsonNode evaluate(String session, String expression) {
        JsonNode result = send(session, "Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("evaluation failed: " + result.get("exceptionDetails"));
        }
        return result.get("result").get("value");
    }

    /** A PNG of the page's viewport. */
    public byte[] screenshot(String session) {
        String data = send(session, "Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
        return java.util.Base64.getDecoder().decode(data);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is killed below anyway
        }
        destroy(process);
        delete(profile);
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
        } else {
            for (Consumer<JsonNode> listener : listeners) {
                listener.accept(message);
            }
        }
    }

    private static void destroy(Process process) {
        // Chromium runs a renderer, a GPU and a utility process besides the browser: stop them all.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** Collects the websocket's text frames (which may come in parts) into messages. */
    private static final class Receiver implements WebSocket.Listener {
        volatile HeadlessChromium chromium;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                HeadlessChromium owner = chromium;
                if (owner != null) {
                    owner.received(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
