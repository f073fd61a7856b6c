package dev.bodycheck.runtime;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the class of a stack frame was loaded from, which says whose code it is: the application's own (a
 * class directory, a Spring Boot jar's {@code BOOT-INF/classes}, a WAR's {@code WEB-INF/classes}), a
 * library's (a dependency jar, the JDK, an agent), or cannot tell (no code source; the launched jar itself,
 * which may be a shaded jar of the application and its libraries). Asked only when a report is written:
 * a frame names its class, not the class object, so the classes are found among the loaded ones (one walk of
 * them for the names not seen before) and the answer is kept per class name and loader name.
 */
final class CodeOrigins {
    enum Origin { APPLICATION, LIBRARY, UNKNOWN }

    /** Names kept at most; beyond, the cache starts again (each miss costs one walk of the loaded classes). */
    private static final int MAX_NAMES = 50_000;
    private static volatile Supplier<Class<?>[]> loadedClasses;
    private static final Map<String, Origin> BY_NAME = new ConcurrentHashMap<>();
    /** The one jar on the class path ({@code java -jar app.jar}), whose classes the list judges; or null. */
    private static final Path LAUNCHED_JAR = launchedJar(System.getProperty("java.class.path"));

    private CodeOrigins() {
    }

    /** Where the loaded classes are found (the agent's {@code Instrumentation}); without it, every origin is unknown. */
    static void use(Supplier<Class<?>[]> allLoadedClasses) {
        loadedClasses = allLoadedClasses;
        BY_NAME.clear();
    }

    /** The origin of each frame of {@code frames} from {@code from} on (earlier ones are left null). */
    static Origin[] of(StackTraceElement[] frames, int from) {
        Origin[] origins = new Origin[frames.length];
        Map<String, Integer> missing = null;
        for (int i = from; i < frames.length; i++) {
            String c = frames[i].getClassName();
            if (ApplicationFrames.isGenerated(c)) {
                origins[i] = Origin.UNKNOWN; // hidden classes cannot be found by name; the list skips them anyway
                continue;
            }
            Origin o = BY_NAME.get(key(frames[i]));
            if (o == null) {
                if (missing == null) {
                    missing = new HashMap<>();
                }
                missing.put(key(frames[i]), i);
            }
            origins[i] = o;
        }
        if (missing != null) {
            find(missing.keySet());
            for (Map.Entry<String, Integer> e : missing.entrySet()) {
                origins[e.getValue()] = BY_NAME.getOrDefault(e.getKey(), Origin.UNKNOWN);
            }
            for (int i = from; i < frames.length; i++) {
                if (origins[i] == null) {
                    origins[i] = BY_NAME.getOrDefault(key(frames[i]), Origin.UNKNOWN);
                }
            }
        }
        return origins;
    }

    /** Walks the loaded classes once for {@code keys}; a name found with two different origins cannot tell. */
    private static void find(Set<String> keys) {
        if (BY_NAME.size() > MAX_NAMES) {
            BY_NAME.clear();
        }
        Supplier<Class<?>[]> all = loadedClasses;
        Map<String, Origin> found = new HashMap<>();
        if (all != null) {
            Class<?>[] classes;
            try {
                classes = all.get();
            } catch (RuntimeException | Error e) {
                Problems.internalError(e);
                classes = new Class<?>[0];
            }
            for (Class<?> c : classes) {
                ClassLoader loader = c.getClassLoader();
                String k = key(c.getName(), loader == null ? null : loader.getName());
                if (keys.contains(k)) {
                    Origin o = originOf(c);
                    found.merge(k, o, (a, b) -> a == b ? a : Origin.UNKNOWN);
                }
            }
        }
        for (String k : keys) {
            BY_NAME.put(k, found.getOrDefault(k, Origin.UNKNOWN));
        }
    }

    private static String key(StackTraceElement frame) {
        return key(frame.getClassName(), frame.getClassLoaderName());
    }

    private static String key(String className, String loaderName) {
        return loaderName == null ? className : loaderName + '/' + className;
    }

    static Origin originOf(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return Origin.LIBRARY; // the JDK, this agent's runtime
        }
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? Origin.UNKNOWN
                    : originOf(source.getLocation().toString(), LAUNCHED_JAR);
        } catch (RuntimeException e) { // a security manager that refuses, a location that is no URI
            return Origin.UNKNOWN;
        }
    }

    /** The origin of classes from {@code location} (a code source's URL) when {@code launchedJar} was launched. */
    static Origin originOf(String location, Path launchedJar) {
        if (location.contains("BOOT-INF/classes") || location.contains("WEB-INF/classes")) {
            return Origin.APPLICATION;
        }
        if (location.contains("BOOT-INF/lib/") || location.contains("WEB-INF/lib/")) {
            return Origin.LIBRARY;
        }
        String file = location;
        if (file.startsWith("jar:")) { // jar:file:/x/lib.jar!/
            int bang = file.indexOf("!/");
            file = file.substring(4, bang < 0 ? file.length() : bang);
        } else if (file.endsWith("/")) {
            return file.startsWith("file:") ? Origin.APPLICATION : Origin.UNKNOWN; // a class directory
        }
        if (file.startsWith("jrt:")) {
            return Origin.LIBRARY;
        }
        if (!file.startsWith("file:")) {
            return Origin.UNKNOWN;
        }
        Path path;
        try {
            path = Paths.get(URI.create(file)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return Origin.UNKNOWN;
        }
        if (path.equals(launchedJar)) {
            return Origin.UNKNOWN; // its own classes, or a shaded jar of them and their libraries: the list decides
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".jar") || name.endsWith(".zip") || name.endsWith(".war")) {
            return Origin.LIBRARY;
        }
        return path.toFile().isDirectory() ? Origin.APPLICATION : Origin.UNKNOWN;
    }

    /** The class path's only entry when it is a jar ({@code java -jar}, or {@code -cp app.jar}); else null. */
    static Path launchedJar(String classPath) {
        if (classPath == null || classPath.isEmpty() || classPath.contains(File.pathSeparator)
                || !classPath.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
            return null;
        }
        try {
            return Paths.get(classPath).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
