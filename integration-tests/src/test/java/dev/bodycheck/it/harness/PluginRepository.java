package dev.bodycheck.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local Maven repository for a sample that uses {@code bodycheck-maven-plugin} offline, without installing
 * this build into the shared one: a temporary folder whose entries are links to the shared repository's, except
 * {@code dev/bodycheck/}, which holds this build's parent pom, agent (jar and dependency-reduced pom) and plugin,
 * laid out as {@code mvn install} would.
 */
final class PluginRepository {
    private PluginRepository() {
    }

    static Path create() throws IOException {
        Path shared = Paths.get(System.getProperty("it.localRepository"));
        Path root = Paths.get(System.getProperty("it.root"));
        String version = System.getProperty("it.version");
        Path repo = Files.createTempDirectory("bodycheck-repo");
        link(shared, repo, "dev");
        Path dev = Files.createDirectories(repo.resolve("dev"));
        if (Files.isDirectory(shared.resolve("dev"))) {
            link(shared.resolve("dev"), dev, "bodycheck");
        }
        Path ours = dev.resolve("bodycheck");
        place(ours, "bodycheck-parent", version, "pom", root.resolve("pom.xml"));
        place(ours, "bodycheck-agent", version, "pom", root.resolve("agent/target/dependency-reduced-pom.xml"));
        place(ours, "bodycheck-agent", version, "jar", root.resolve("agent/target/bodycheck-agent.jar"));
        place(ours, "bodycheck-maven-plugin", version, "pom", root.resolve("maven-plugin/pom.xml"));
        place(ours, "bodycheck-maven-plugin", version, "jar",
                root.resolve("maven-plugin/target/bodycheck-maven-plugin-" + version + ".jar"));
        return repo;
    }

    /** Links every entry of {@code from} into {@code to}, but {@code except}. */
    private static void link(Path from, Path to, String except) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                if (!e.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(e.getFileName().toString()), e);
                }
            }
        }
    }

    private static void place(Path ours, String artifact, String version, String ext, Path file) throws IOException {
        Path dir = Files.createDirectories(ours.resolve(artifact).resolve(version));
        Files.copy(file, dir.resolve(artifact + "-" + version + "." + ext));
    }

    /** Deletes the folder and its own files; the links go, what they point to stays. */
    static void delete(Path repo) throws IOException {
        try (Stream<Path> files = Files.walk(repo)) { // walk does not follow links
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
