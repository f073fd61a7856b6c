package dev.bodycheck.agent;

import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Run at the agent's build, before the jar is made: weaves every hooked class of the library versions the
 * tests pin, with the weaver a JVM would run, and writes the entries of the {@link WovenClassStore} that the
 * agent jar ships ({@value WovenClassStore#SHIPPED}), keyed as a JVM will look them up, so that a first run on
 * those versions loads no Byte Buddy. Each set of jars is read by a class loader of its own, as an application
 * loader would find them. The entries are the same in every build from the same jars.
 *
 * <p>Arguments: the classes directory, then {@code <client id>+<client id>...=<directory of jars>} per set.
 */
final class WovenClassBundle {
    private WovenClassBundle() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]).resolve(WovenClassStore.SHIPPED);
        Files.createDirectories(out);
        try (java.util.stream.Stream<Path> old = Files.list(out)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                Files.delete(p); // a version no longer pinned leaves nothing behind
            }
        }
        TreeMap<String, byte[]> entries = new TreeMap<>();
        for (String set : Arrays.asList(args).subList(1, args.length)) {
            int eq = set.indexOf('=');
            weave(Arrays.asList(set.substring(0, eq).split("\\+")), Paths.get(set.substring(eq + 1)), entries);
        }
        long bytes = 0;
        for (java.util.Map.Entry<String, byte[]> e : entries.entrySet()) {
            Files.write(out.resolve(e.getKey().substring(WovenClassStore.SHIPPED.length())), e.getValue());
            bytes += e.getValue().length;
        }
        System.out.println("bodycheck: " + entries.size() + " woven classes shipped (" + bytes / 1024 + " KiB)");
    }

    /** The entries of every hooked class of the libraries {@code ids} found in the jars of {@code dir}. */
    private static void weave(List<String> ids, Path dir, TreeMap<String, byte[]> entries) throws IOException {
        List<URL> jars = new ArrayList<>();
        File[] files = dir.toFile().listFiles((d, n) -> n.endsWith(".jar"));
        if (files == null || files.length == 0) {
            throw new IllegalArgumentException("no jars in " + dir);
        }
        Arrays.sort(files);
        for (File f : files) {
            jars.add(f.toURI().toURL());
        }
        WovenClassStore store = new WovenClassStore(null, null, null);
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (String id : ids) {
                Library library = library(id);
                int found = 0;
                for (String typeName : library.typeNames()) {
                    String internalName = typeName.replace('.', '/');
                    byte[] original;
                    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
                        if (in == null) {
                            continue; // a type of another version line
                        }
                        original = in.readAllBytes();
                    }
                    found++;
                    // a class that holds its record is woven with its field at its load, without at a retransformation
                    boolean[] fieldVariants = library.holdsRecord(typeName) ? new boolean[] {false, true}
                            : new boolean[] {false};
                    for (boolean failFast : new boolean[] {false, true}) {
                        for (boolean recordField : fieldVariants) {
                            String key = store.key(library, loader, internalName, original, failFast, recordField);
                            byte[] woven = AdviceWeaving.weave(library, typeName, loader, original, failFast,
                                    recordField);
                            if (woven == null && !library.fitsShape(loader)) {
                                throw new IllegalStateException(id + " does not fit the jars of " + dir);
                            }
                            entries.put(WovenClassStore.entryName(key, internalName),
                                    WovenClassStore.entry(key, woven == null ? new byte[0] : woven));
                        }
                    }
                }
                if (found == 0) {
                    throw new IllegalStateException("no class of " + id + " in " + dir);
                }
            }
        }
    }

    private static Library library(String id) {
        for (Library l : Libraries.ALL) {
            if (l.id().equals(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no library " + id);
    }
}
