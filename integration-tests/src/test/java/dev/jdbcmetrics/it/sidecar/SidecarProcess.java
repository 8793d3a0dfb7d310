package dev.jdbcmetrics.it.sidecar;

import dev.jdbcmetrics.it.support.ExternalCommand;
import dev.jdbcmetrics.it.support.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real sidecar process ({@code SidecarMain} on this test's class path, as
 * {@code java -jar jdbc-metrics-sidecar.jar} runs it), for what only a process shows: its log
 * on stderr and its answer to signals. Stops it with SIGTERM on close.
 */
final class SidecarProcess implements AutoCloseable {

    private static final Duration START_BOUND = Duration.ofSeconds(60);
    private static final Pattern SERVING = Pattern.compile("serving http://[^:]+:(\\d+)/metrics");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;

    private SidecarProcess(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts {@code jdbc-metrics-sidecar ARGS --port 0 --host 127.0.0.1} and waits until it serves.
     *
     * @param folder where its output files go
     * @param args   the command line, e.g. {@code --config exporter.yml}
     */
    static SidecarProcess start(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Xmx128m", "dev.jdbcmetrics.sidecar.SidecarMain"));
        command.addAll(List.of(args));
        command.addAll(List.of("--port", "0", "--host", "127.0.0.1"));
        Path out = Files.createTempFile(folder, "sidecar", ".out");
        Path err = Files.createTempFile(folder, "sidecar", ".err");
        Process process = new ProcessBuilder(command).directory(RepoPaths.root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long giveUp = System.nanoTime() + START_BOUND.toNanos();
        while (System.nanoTime() < giveUp) {
            Matcher m = SERVING.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                return new SidecarProcess(process, out, err, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the sidecar did not start within " + START_BOUND + "; exit "
                + (process.isAlive() ? "none" : process.exitValue()) + ", stdout:\n"
                + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
    }

    int port() {
        return port;
    }

    /** @return everything the process logged so far (slf4j-simple writes to stderr) */
    String log() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Sends the real SIGHUP, as {@code kill -HUP PID} does. */
    void hangup() {
        ExternalCommand.Result result = ExternalCommand.run(Duration.ofSeconds(10), RepoPaths.root(),
                List.of("kill", "-HUP", Long.toString(process.pid())));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(result.describe());
        }
    }

    /** SIGTERM, then waits; the sidecar exits 0 after an orderly stop. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the sidecar did not stop within 30 s of SIGTERM");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the sidecar exited " + process.exitValue() + "; stdout:\n"
                    + Files.readString(stdout) + "\nstderr:\n" + log());
        }
    }
}
