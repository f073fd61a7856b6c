package dev.bodycheck.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Puts the runtime ({@code dev.bodycheck.runtime} and {@link dev.bodycheck.UnclosedBodyError}) on the
 * bootstrap class path, so that advice inlined into any class, from the JDK's own to an application's,
 * calls one and the same tracker. Only those classes go there: Byte Buddy and the agent stay in the
 * loader that loaded the agent.
 */
final class BootstrapJar {
    private static final String RUNTIME_DIR = "dev/bodycheck/runtime/";
    private static final String ERROR_CLASS = "dev/bodycheck/UnclosedBodyError.class";

    private BootstrapJar() {
    }

    static void append(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            return; // a second attach into the same JVM
        }
        Path source = agentLocation();
        Path jar = Files.createTempFile("bodycheck-runtime", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (Files.isDirectory(source)) {
                copyFromDirectory(source, out);
            } else {
                copyFromJar(source, out);
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    private static boolean onBootstrapPath() {
        try {
            Class.forName("dev.bodycheck.runtime.Tracker", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static Path agentLocation() {
        try {
            return Paths.get(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the agent jar", e);
        }
    }

    private static boolean isRuntime(String name) {
        return (name.startsWith(RUNTIME_DIR) && name.endsWith(".class")) || name.equals(ERROR_CLASS);
    }

    private static void copyFromJar(Path source, JarOutputStream out) throws IOException {
        try (JarFile jar = new JarFile(source.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (isRuntime(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        put(out, entry.getName(), in);
                    }
                }
            }
        }
    }

    private static void copyFromDirectory(Path root, JarOutputStream out) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = root.relativize(p).toString().replace(File.separatorChar, '/');
                if (Files.isRegularFile(p) && isRuntime(name)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        put(out, name, in);
                    }
                }
            }
        }
    }

    private static void put(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo((OutputStream) out);
        out.closeEntry();
    }
}
