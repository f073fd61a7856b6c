package dev.bodycheck.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of a project of {@code samples/}, built offline with this build's Maven and local repository ({@code mvn
 * -B -o package}); the copy lives until {@link #close}.
 */
public final class SampleBuild implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 300;

    private final Path dir;

    private SampleBuild(Path dir) {
        this.dir = dir;
    }

    /** Builds a copy of {@code samples/<name>} with these {@code -D} properties; fails if Maven does. */
    public static SampleBuild packaged(String name, String... properties) throws IOException, InterruptedException {
        Path copy = copy(name);
        List<String> cmd = new ArrayList<>(List.of(maven(), "-B", "-o", "-q", "package",
                "-Dmaven.repo.local=" + System.getProperty("it.localRepository")));
        cmd.addAll(List.of(properties));
        Path out = copy.resolve("mvn-output.txt");
        Process p = new ProcessBuilder(cmd).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly().waitFor();
            String output = Files.readString(out);
            delete(copy);
            throw new AssertionError("mvn package of samples/" + name + " failed: " + cmd + "\n" + output);
        }
        return new SampleBuild(copy);
    }

    /** A path in the built copy, e.g. {@code shop/target/classes}. */
    public Path path(String relative) {
        return dir.resolve(relative);
    }

    @Override
    public void close() throws IOException {
        delete(dir);
    }

    static String maven() {
        return Paths.get(System.getProperty("it.mavenHome")).resolve("bin").resolve("mvn").toString();
    }

    /** A fresh copy of {@code samples/<name>} in a temporary folder. */
    static Path copy(String name) throws IOException {
        Path copy = Files.createTempDirectory("bodycheck-sample");
        Path sample = Paths.get(System.getProperty("it.samples", "samples")).resolve(name);
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(sample.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
