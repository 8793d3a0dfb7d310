package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlowClientsTest {

    // Generous: a normal scrape takes milliseconds; this only proves it is not stalled.
    private static final Duration DOES_NOT_HANG = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(DOES_NOT_HANG).build();
    private final List<Socket> sockets = new ArrayList<>();
    private MetricsExporter exporter;

    @BeforeEach
    void start() {
        exporter = MetricsExporter.builder().port(0).host("127.0.0.1").buildAndStart();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        exporter.close();
    }

    @Test
    void twentyClientsSendingHalfARequestDoNotStallAScrape() throws Exception {
        for (int i = 0; i < 20; i++) {
            send(open(), "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/pl");
        }
        for (int i = 0; i < 5; i++) {
            open(); // connected, silent
        }

        HttpResponse<String> response = scrape();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jdbc_metrics_build_info{");
    }

    @Test
    void disconnectsAClientThatNeverFinishesItsRequest() throws Exception {
        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("5");
        Socket slow = open();
        send(slow, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        slow.setSoTimeout(20_000); // 5 s limit plus the server's 1 s timer tick, generously

        assertThat(readToEnd(slow.getInputStream())).isEmpty();
    }

    @Test
    void sendsSmallResponsesWithoutWaitingForTheClientsDelayedAck() {
        // Read by the JDK server when its first instance starts: set before any exporter binds.
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }

    @Test
    void refusesOversizedHeadersAndKeepsServing() throws Exception {
        assertThat(System.getProperty("sun.net.httpserver.maxReqHeaderSize")).isEqualTo("65536");
        Socket abusive = open();
        abusive.setSoTimeout(20_000);
        String answer;
        try {
            send(abusive, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                    + "a".repeat(100_000) + "\r\n\r\n");
            answer = readToEnd(abusive.getInputStream());
        } catch (SocketException closedWhileWriting) {
            answer = "";
        }

        // The JDK server closes the connection without a response; 431 would do as well.
        assertThat(answer).satisfiesAnyOf(
                closed -> assertThat(closed).isEmpty(),
                refused -> assertThat(refused).startsWith("HTTP/1.1 431"));
        assertThat(scrape().statusCode()).isEqualTo(200);
    }

    @Test
    void servesManyConcurrentScrapes() {
        List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            scrapes.add(client.sendAsync(request(), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> scrape : scrapes) {
            HttpResponse<String> response = scrape.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("jdbc_metrics_build_info{");
        }
    }

    private HttpResponse<String> scrape() throws IOException, InterruptedException {
        return client.send(request(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics"))
                .timeout(DOES_NOT_HANG).build();
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", exporter.getPort());
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Everything the server sends until it closes; a reset counts as closed. */
    private static String readToEnd(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException reset) {
            return "";
        }
    }
}
