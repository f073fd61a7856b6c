package dev.bodycheck.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The JDKs the forked JVMs run on: the one running the tests, and the newest other JDK installed
 * beside it (the second JDK of the build machine). {@code -Dit.jdks=HOME,HOME} names them instead.
 */
public record Jdk(String name, Path home, int major) {

    private static List<Jdk> all;

    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    public static synchronized List<Jdk> all() {
        if (all == null) {
            all = discover();
            System.out.println("[it] JDKs: " + all);
        }
        return all;
    }

    private static List<Jdk> discover() {
        String listed = System.getProperty("it.jdks", "").trim();
        List<Jdk> jdks = new ArrayList<>();
        if (!listed.isEmpty()) {
            for (String home : listed.split(",")) {
                Jdk jdk = at(Paths.get(home.trim()));
                if (jdk == null) {
                    throw new IllegalArgumentException("it.jdks: no JDK at " + home);
                }
                jdks.add(jdk);
            }
            return jdks;
        }
        Jdk current = at(Paths.get(System.getProperty("java.home")));
        jdks.add(current);
        Path parent = current.home().getParent();
        try (Stream<Path> siblings = Files.list(parent)) {
            siblings.map(Jdk::at)
                    .filter(j -> j != null && j.major() > current.major())
                    .max(Comparator.comparingInt(Jdk::major))
                    .ifPresent(jdks::add);
        } catch (IOException e) {
            // no siblings to look at: the running JDK only
        }
        return jdks;
    }

    private static Jdk at(Path home) {
        try {
            Path real = home.toRealPath();
            Path release = real.resolve("release");
            if (!Files.isRegularFile(real.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
                return null;
            }
            Properties p = new Properties();
            try (var in = Files.newInputStream(release)) {
                p.load(in);
            }
            String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
            String first = version.split("[.+-]")[0];
            int major = Integer.parseInt(first.equals("1") ? version.split("\\.")[1] : first);
            return new Jdk("jdk" + major, real, major);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
