package dev.bodycheck.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Defines the runtime ({@code dev.bodycheck.runtime} and {@code dev.bodycheck.UnclosedBodyError}) in the
 * bootstrap loader, so that advice inlined into any class, from the JDK's own to an application's, calls
 * one and the same tracker, and every loader that asks for a runtime class by name is answered by the
 * bootstrap loader's. Only those classes go there: Byte Buddy and the agent stay in the loader that loaded
 * the agent. The build packs them as a jar inside the agent jar; its classes are defined, all of them, at
 * start-up, through the JDK's internal {@code Unsafe}, which the instrumentation exports to the agent for
 * that. Appending the jar to the bootstrap search path instead would make the JVM print a warning and turn
 * class-data sharing off for every class not of the bootstrap loader.
 */
final class BootstrapJar {
    static final String RESOURCE = "/META-INF/bodycheck/bodycheck-runtime.jar";

    private BootstrapJar() {
    }

    static void define(Instrumentation inst) throws Throwable {
        if (defined()) {
            return; // a second attach into the same JVM
        }
        Map<String, byte[]> classes = new HashMap<>();
        // read through the agent jar, which its class loader has open already: a resource URL would open it again
        // (jar: URLs and their connections), and a JarInputStream would set up the nested jar's verification
        try (JarFile agent = new JarFile(agentLocation().toFile(), false)) {
            ZipEntry runtime = agent.getEntry(RESOURCE.substring(1));
            if (runtime == null) {
                throw new IOException("the agent jar has no " + RESOURCE + ": it was not built by its Maven build");
            }
            ZipInputStream jar = new ZipInputStream(agent.getInputStream(runtime));
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (ZipEntry e; (e = jar.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    buffer.reset();
                    for (int n; (n = jar.read(chunk)) > 0; ) {
                        buffer.write(chunk, 0, n);
                    }
                    classes.put(name.substring(0, name.length() - ".class".length()), buffer.toByteArray());
                }
            }
        }
        MethodHandle defineClass;
        try {
            Module base = Object.class.getModule();
            inst.redefineModule(base, Collections.emptySet(), Collections.singletonMap("jdk.internal.misc",
                    Collections.singleton(BootstrapJar.class.getModule())), Collections.emptyMap(),
                    Collections.emptySet(), Collections.emptyMap());
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            // a method handle, not Method.invoke: on JDK 18 and later each reflective call runs through method
            // handles built for it, which the interpreter runs slowly, a hundred times over
            defineClass = MethodHandles.lookup().unreflect(unsafeType.getMethod("defineClass", String.class,
                    byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class)).bindTo(unsafe)
                    .asType(DEFINE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JDK without that internal method: the bootstrap search path still works, at the cost of the
            // JVM's sharing warning
            appendToSearchPath(inst);
            return;
        }
        Map<String, Boolean> done = new HashMap<>();
        for (String internalName : classes.keySet()) {
            define(internalName, classes, done, defineClass);
        }
    }

    private static final MethodType DEFINE = MethodType.methodType(Class.class, String.class, byte[].class, int.class,
            int.class, ClassLoader.class, ProtectionDomain.class);

    /** Defines one class, its runtime supertypes first (the loader resolves them while it defines the class). */
    private static void define(String internalName, Map<String, byte[]> classes, Map<String, Boolean> done,
            MethodHandle defineClass) throws Throwable {
        if (done.containsKey(internalName)) {
            return;
        }
        byte[] bytes = classes.get(internalName);
        while (true) {
            try {
                Class<?> c = (Class<?>) defineClass.invokeExact(internalName.replace('/', '.'), bytes, 0, bytes.length,
                        (ClassLoader) null, (ProtectionDomain) null);
                done.put(internalName, Boolean.TRUE);
                return;
            } catch (NoClassDefFoundError e) {
                String missing = e.getMessage();
                if (missing != null && (!classes.containsKey(missing) || Boolean.FALSE.equals(done.get(missing)))) {
                    // a supertype that this JVM lacks (jdk.jfr's Event, with --limit-modules), or a runtime class
                    // left out for that: the runtime never touches such a class there, so it is left out too
                    done.put(internalName, Boolean.FALSE);
                    return;
                }
                if (missing == null || done.containsKey(missing)) {
                    throw e;
                }
                define(missing, classes, done, defineClass);
            }
        }
    }

    /** The way that works on every JDK: the nested jar, copied to a file, appended to the bootstrap search path. */
    private static void appendToSearchPath(Instrumentation inst) throws IOException {
        Path jar = Paths.get(System.getProperty("java.io.tmpdir"), "bodycheck-runtime-"
                + Long.toHexString(System.nanoTime()) + Integer.toHexString(System.identityHashCode(inst)) + ".jar");
        try (InputStream in = Agent.class.getResourceAsStream(RESOURCE)) {
            Files.copy(in, jar);
        }
        jar.toFile().deleteOnExit();
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    private static boolean defined() {
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
