package dev.jdbcmetrics.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.it.support.ExternalCommand;
import dev.jdbcmetrics.it.support.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user of each published library really gets at run time: Maven resolves the
 * compile and runtime dependencies of every library module (and of the sidecar) from the poms
 * of this checkout, in a child Maven process, and the lists are checked for drivers, H2,
 * logging backends, picocli and SnakeYAML.
 *
 * <p>The child runs in the same reactor layout ({@code -pl ... -am}) with the {@code compile}
 * phase named but its work skipped, so that our own modules resolve to this checkout's
 * {@code target/classes} (already built by the enclosing {@code mvn verify}) and nothing of
 * ours needs to be installed in the local repository. The lists include each module's own
 * optional dependencies, which its users do not get: a superset, so nothing banned can hide.
 *
 * <p>The library modules are those whose pom sets {@code jdbcmetrics.library.skip} to false
 * (the switch that also turns on their enforcer rules), so a new library is checked as soon as
 * it declares itself one.
 */
class PublishedDependenciesIT {

    private static final Path ROOT = RepoPaths.root();
    private static final String LIST_FILE = "target/published-runtime-dependencies.txt";
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID = Pattern.compile(
            "</parent>\\s*<artifactId>([^<]+)</artifactId>");

    /** groupId:artifactId of what no library may bring; a groupId alone bans the whole group. */
    private static final List<String> BANNED = List.of(
            "org.postgresql", "com.mysql", "mysql:mysql-connector-java", "org.mariadb.jdbc",
            "com.h2database",
            "org.slf4j:slf4j-simple", "org.slf4j:slf4j-reload4j", "org.slf4j:slf4j-jdk14",
            "org.slf4j:slf4j-nop", "ch.qos.logback:logback-classic",
            "org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-slf4j-impl",
            "org.apache.logging.log4j:log4j-slf4j2-impl",
            "info.picocli", "org.yaml:snakeyaml");

    /** Module folder to its resolved "groupId:artifactId" to scope. */
    private static final Map<String, Map<String, String>> RESOLVED = new LinkedHashMap<>();
    private static List<String> libraries;

    @BeforeAll
    static void resolve() throws IOException {
        libraries = libraryModules();
        List<String> modules = new ArrayList<>(libraries);
        modules.add("sidecar");
        for (String module : modules) {
            Files.deleteIfExists(ROOT.resolve(module).resolve(LIST_FILE));
        }
        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q",
                "-pl", String.join(",", modules), "-am",
                "compile", "dependency:list",
                // This test judges the lists itself, so the enforcer's library rules stay off.
                "-Dmaven.main.skip=true", "-Dmaven.resources.skip=true", "-Denforcer.skip=true",
                "-Djdbcmetrics.library.skip=true",
                "-DincludeScope=runtime", "-DoutputFile=" + LIST_FILE));
        if (Boolean.getBoolean("jdbcmetrics.maven.offline")) {
            command.add("-o");
        }
        String localRepository = System.getProperty("jdbcmetrics.maven.repo.local", "");
        if (!localRepository.isEmpty()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        ExternalCommand.Result result = ExternalCommand.run(Duration.ofMinutes(5), ROOT, command);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        for (String module : modules) {
            RESOLVED.put(module, parse(ROOT.resolve(module).resolve(LIST_FILE)));
        }
    }

    @Test
    void everyLibraryIsFoundAndListedInTheBom() throws IOException {
        assertThat(libraries).contains("core", "jdbc-proxy", "exporter");
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        for (String module : libraries) {
            assertThat(bom).as("bom/pom.xml lists the library " + module)
                    .contains("<artifactId>" + artifactId(module) + "</artifactId>");
        }
    }

    @Test
    void noLibraryBringsADriverALoggingBackendACliOrAYamlLibrary() {
        for (String module : libraries) {
            List<String> banned = RESOLVED.get(module).keySet().stream()
                    .filter(PublishedDependenciesIT::isBanned).collect(Collectors.toList());
            assertThat(banned).as("banned compile/runtime dependencies of " + module).isEmpty();
        }
    }

    @Test
    void theNonSpringLibrariesBringNoSpringJar() {
        for (String module : List.of("core", "jdbc-proxy", "exporter")) {
            assertThat(RESOLVED.get(module).keySet())
                    .as("compile/runtime dependencies of " + module)
                    .noneMatch(artifact -> artifact.startsWith("org.springframework"));
        }
    }

    @Test
    void theListsAreRealResolutions() {
        // Guards the checks above against an empty or unparsed list passing them.
        assertThat(RESOLVED.get("core")).containsEntry("io.micrometer:micrometer-core", "compile")
                .containsEntry("org.slf4j:slf4j-api", "compile");
        assertThat(RESOLVED.get("jdbc-proxy"))
                .containsEntry("dev.jdbcmetrics:jdbc-metrics-core", "compile");
        assertThat(RESOLVED.get("exporter"))
                .containsEntry("dev.jdbcmetrics:jdbc-metrics-proxy", "compile")
                .containsEntry("io.micrometer:micrometer-registry-prometheus", "compile")
                .containsEntry("at.favre.lib:bcrypt", "compile")
                .doesNotContainKey("com.zaxxer:HikariCP"); // the proxy's optional one stays there
    }

    @Test
    void theSidecarApplicationCarriesItsDriversLoggingCliAndYaml() {
        assertThat(RESOLVED.get("sidecar"))
                .containsEntry("org.postgresql:postgresql", "runtime")
                .containsEntry("com.mysql:mysql-connector-j", "runtime")
                .containsEntry("org.mariadb.jdbc:mariadb-java-client", "runtime")
                .containsEntry("com.h2database:h2", "compile")
                .containsEntry("org.slf4j:slf4j-simple", "runtime")
                .containsEntry("info.picocli:picocli", "compile")
                .containsEntry("org.yaml:snakeyaml", "compile")
                .containsEntry("dev.jdbcmetrics:jdbc-metrics-exporter", "compile");
    }

    private static boolean isBanned(String artifact) {
        String group = artifact.substring(0, artifact.indexOf(':'));
        return BANNED.contains(artifact) || BANNED.contains(group);
    }

    /** The modules of the root pom whose own pom declares them a published library. */
    private static List<String> libraryModules() throws IOException {
        List<String> result = new ArrayList<>();
        Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (modules.find()) {
            Path pom = ROOT.resolve(modules.group(1)).resolve("pom.xml");
            if (Files.readString(pom).contains(
                    "<jdbcmetrics.library.skip>false</jdbcmetrics.library.skip>")) {
                result.add(modules.group(1));
            }
        }
        return result;
    }

    private static String artifactId(String module) throws IOException {
        Matcher matcher = ARTIFACT_ID.matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
        assertThat(matcher.find()).as("artifactId after </parent> in " + module + "/pom.xml").isTrue();
        return matcher.group(1);
    }

    /**
     * Reads dependency:list output: lines such as
     * {@code io.micrometer:micrometer-core:jar:1.17.2:compile -- module micrometer.core [auto]}.
     */
    private static Map<String, String> parse(Path list) throws IOException {
        assertThat(list).as("the child Maven wrote " + list).isRegularFile();
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : Files.readAllLines(list)) {
            String coordinates = line.strip().split(" ", 2)[0];
            String[] parts = coordinates.split(":");
            if (parts.length < 5) {
                continue; // the heading, blank lines
            }
            result.put(parts[0] + ":" + parts[1], parts[parts.length - 1]);
        }
        return result;
    }

    /** The Maven running this build when surefire was told where it is, else mvn on the PATH. */
    private static String maven() {
        String home = System.getProperty("jdbcmetrics.maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        return !home.isEmpty() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }
}
