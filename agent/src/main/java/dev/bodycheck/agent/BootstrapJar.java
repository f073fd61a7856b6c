package dev.bodycheck.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;

/**
 * Puts the runtime ({@code dev.bodycheck.runtime} and {@code dev.bodycheck.UnclosedBodyError}) on the
 * bootstrap class path, so that advice inlined into any class, from the JDK's own to an application's,
 * calls one and the same tracker. Only those classes go there: Byte Buddy and the agent stay in the
 * loader that loaded the agent. The build packs them as a jar inside the agent jar; it is copied out to a
 * file, since the bootstrap class path takes files only.
 */
final class BootstrapJar {
    static final String RESOURCE = "/META-INF/bodycheck/bodycheck-runtime.jar";

    private BootstrapJar() {
    }

    static void append(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            return; // a second attach into the same JVM
        }
        // neither Files.createTempFile nor the process id: setting up SecureRandom or ProcessHandle would
        // cost tens of milliseconds at start-up; CREATE_NEW (in Files.copy) guards against a clash
        Path jar = Paths.get(System.getProperty("java.io.tmpdir"), "bodycheck-runtime-"
                + Long.toHexString(System.nanoTime()) + Integer.toHexString(System.identityHashCode(inst)) + ".jar");
        try (InputStream in = Agent.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the agent jar has no " + RESOURCE + ": it was not built by its Maven build");
            }
            Files.copy(in, jar);
        }
        jar.toFile().deleteOnExit();
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
}
