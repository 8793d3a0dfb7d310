package dev.jdbcmetrics.sidecar.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The sidecar's whole configuration: targets and the collectors they run.
 *
 * <pre>{@code
 * SidecarConfig config = SidecarConfig.load(Path.of("exporter.yml"));
 * }</pre>
 *
 * @param targets            the databases, at least one, names unique
 * @param collectors         the collectors, names unique, metric names unique across all of them
 * @param slowQueryThreshold queries on the targets slower than this count in
 *                           {@code db_slow_queries_total}; empty: the library default (1 s)
 */
public record SidecarConfig(List<TargetConfig> targets, List<CollectorConfig> collectors,
                            Optional<Duration> slowQueryThreshold) {

    public SidecarConfig {
        targets = List.copyOf(targets);
        collectors = List.copyOf(collectors);
    }

    /**
     * Reads and validates a configuration file. {@code password_env} is looked up in the process
     * environment; a relative {@code password_file} is resolved against the file's folder.
     *
     * @param file the YAML file
     * @return the validated configuration
     * @throws ConfigException naming the file, the problem, its key, line and value
     */
    public static SidecarConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
        Path folder = file.toAbsolutePath().getParent();
        try {
            return parse(new StringReader(text), System::getenv, folder);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /**
     * Parses and validates a configuration.
     *
     * @param yaml       the YAML text
     * @param env        looks up {@code password_env} variables (null when unset)
     * @param baseFolder against which a relative {@code password_file} is resolved
     * @return the validated configuration
     * @throws ConfigException naming the problem, its key, line and value
     */
    public static SidecarConfig parse(Reader yaml, UnaryOperator<String> env, Path baseFolder)
            throws ConfigException {
        return new ConfigParser(env, baseFolder).parse(yaml);
    }

    /**
     * @param name a collector name
     * @return the collector of that name
     * @throws IllegalArgumentException if there is none (validation makes that impossible for
     *                                  names taken from a target)
     */
    public CollectorConfig collector(String name) {
        return collectors.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no collector '" + name + "'"));
    }
}
