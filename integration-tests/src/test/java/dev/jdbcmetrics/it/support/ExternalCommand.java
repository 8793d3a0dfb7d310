package dev.jdbcmetrics.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (promtool, {@code scripts/db-ctl.sh}) to completion with a bounded
 * wait and returns its exit code and combined output.
 *
 * <p>Output goes to a temporary file rather than a pipe: a daemon the program starts (a
 * database server) may inherit the pipe and would keep a reader waiting until it exits.
 */
public final class ExternalCommand {

    /**
     * What a finished program left behind.
     *
     * @param command the command line that ran
     * @param exitCode its exit status
     * @param output its standard output and standard error, interleaved
     */
    public record Result(List<String> command, int exitCode, String output) {

        /** Returns a description for failure messages: the command, its exit code and output. */
        public String describe() {
            return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
        }
    }

    private ExternalCommand() {
    }

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @param timeout how long to wait before killing it and failing
     * @param workDir the working directory
     * @param command the program and its arguments
     * @return the exit code and output, whatever the exit code
     * @throws IllegalStateException if it cannot be started or does not finish in time
     */
    public static Result run(Duration timeout, Path workDir, List<String> command) {
        Path log = null;
        try {
            log = Files.createTempFile("jdbc-metrics-cmd", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + "s; output so far:\n" + read(log));
            }
            return new Result(List.copyOf(command), process.exitValue(), read(log));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(log);
        }
    }

    /**
     * Finds an executable on the {@code PATH}.
     *
     * @param name the program's file name, e.g. {@code promtool}
     * @return its path, or empty when no directory on the {@code PATH} holds it
     */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds an executable that {@code scripts/setup-test-env.sh} installs, failing with how to get it.
     *
     * @param name the program's file name
     * @return its path
     * @throws IllegalStateException naming the setup script when it is missing
     */
    public static Path required(String name) {
        return onPath(name).orElseThrow(() -> new IllegalStateException(
                name + " not found: run sudo scripts/setup-test-env.sh"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
