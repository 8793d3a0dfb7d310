package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SnakeYAML is {@code provided}: an application without it gets a clear start-up error when it
 * names a web config file, not a {@code NoClassDefFoundError}. The exporter's classes are
 * loaded again here from the test class path without the SnakeYAML jar.
 */
class WebConfigWithoutYamlTest {

    @TempDir
    Path folder;

    @Test
    void namesTheMissingLibrary() throws Exception {
        Path config = Files.writeString(folder.resolve("web-config.yml"), "basic_auth_users: {}\n");
        List<URL> classPath = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("snakeyaml-")) {
                classPath.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader withoutYaml = new URLClassLoader(classPath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThat(withoutYaml.getResource("org/yaml/snakeyaml/Yaml.class")).isNull();
            Method load = withoutYaml.loadClass(WebConfig.class.getName())
                    .getDeclaredMethod("load", Path.class);
            load.setAccessible(true);

            Throwable thrown = null;
            try {
                load.invoke(null, config);
            } catch (InvocationTargetException e) {
                thrown = e.getCause();
            }

            assertThat(thrown).isNotNull();
            assertThat(thrown.getClass().getName()).isEqualTo(ExporterConfigException.class.getName());
            assertThat(thrown).hasMessage("web config " + config + ": reading a web config file"
                    + " needs SnakeYAML (org.yaml:snakeyaml) on the class path; add it to the"
                    + " application");
        }
    }
}
