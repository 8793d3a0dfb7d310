package dev.jdbcmetrics.sidecar.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Parses configuration text for the tests the way {@link SidecarConfig#load} parses a file:
 * {@code password_env} read from a fixed map, relative paths resolved against a folder.
 */
public final class ConfigText {

    private final Map<String, String> env;
    private final Path folder;

    /**
     * @param env the environment variables {@code password_env} may name
     * @param folder what {@code password_file} and {@code collector_files} are relative to
     */
    public ConfigText(Map<String, String> env, Path folder) {
        this.env = Map.copyOf(env);
        this.folder = folder;
    }

    /**
     * Parses {@code yaml}.
     *
     * @throws ConfigException as {@link SidecarConfig#parse} throws it
     */
    public SidecarConfig parse(String yaml) throws ConfigException {
        return SidecarConfig.parse(new StringReader(yaml), env::get, folder);
    }

    /** Asserts that {@code yaml} is refused with exactly {@code message}. */
    public void assertError(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
