package dev.jdbcmetrics.sidecar.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files that {@code collector_files} globs name, as sql_exporter reads them: patterns
 * relative to the configuration file's folder (or absolute), {@code *} within one folder,
 * {@code **} across folders, files in name order. A pattern that matches no file is an error:
 * a typo would otherwise silently drop collectors.
 */
final class CollectorFiles {

    /** Folder levels searched below a pattern's fixed part when it has {@code **}. */
    private static final int MAX_DEPTH = 16;

    private CollectorFiles() {
    }

    static List<Path> find(YamlMapping top, Path baseFolder) throws ConfigException {
        List<Path> files = new ArrayList<>();
        for (String pattern : top.strings("collector_files")) {
            List<Path> matched = matching(baseFolder, pattern);
            if (matched.isEmpty()) {
                throw new ConfigException("'collector_files' pattern '" + pattern + "' at line "
                        + top.lineOf("collector_files") + " matches no file (relative to "
                        + baseFolder + ")");
            }
            for (Path file : matched) {
                if (!files.contains(file)) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    private static List<Path> matching(Path baseFolder, String pattern) throws ConfigException {
        Path full = baseFolder.resolve(pattern).normalize();
        // The longest leading part without glob characters is where the search starts.
        Path root = full.getRoot() == null ? Path.of("") : full.getRoot();
        int fixed = 0;
        for (Path part : full) {
            if (part.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            root = root.resolve(part);
            fixed++;
        }
        if (fixed == full.getNameCount()) {
            return Files.isRegularFile(full) ? List.of(full) : List.of();
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        int depth = pattern.contains("**") ? MAX_DEPTH : full.getNameCount() - fixed;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + full);
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).filter(matcher::matches)
                    .collect(Collectors.toCollection(TreeSet::new)));
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("'collector_files' pattern '" + pattern + "' cannot be"
                    + " searched: " + e.getClass().getSimpleName());
        }
    }
}
