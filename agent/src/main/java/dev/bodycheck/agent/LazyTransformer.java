package dev.bodycheck.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sees every class the JVM loads, and hands only those of the hooked libraries' packages to the real
 * weaver (which matches exact names), building it the first time one comes by: setting up Byte Buddy and
 * the hooks costs hundreds of milliseconds and classes, which an application that never loads a tracked
 * library should not pay.
 */
final class LazyTransformer implements ClassFileTransformer {
    /** Prefixes of internal names ({@code okhttp3/internal/connection/}), by their first character (ASCII). */
    private final String[][] gatesByFirst = new String[128][];
    private final Supplier<ClassFileTransformer> factory;
    private volatile ClassFileTransformer weaver;
    private boolean building;

    LazyTransformer(List<String> gates, Supplier<ClassFileTransformer> factory) {
        for (String gate : gates) {
            int c = gate.charAt(0) & 127;
            String[] old = gatesByFirst[c] == null ? new String[0] : gatesByFirst[c];
            String[] more = java.util.Arrays.copyOf(old, old.length + 1);
            more[old.length] = gate;
            gatesByFirst[c] = more;
        }
        this.factory = factory;
    }

    /**
     * Whether the class {@code name} may be a hooked one; {@code dots}: the name is a binary name
     * ({@code okhttp3.internal.connection.Exchange}) rather than an internal one. Called for every class the
     * JVM loads, so most names are turned away by their first character.
     */
    boolean passes(String name, boolean dots) {
        if (name == null || name.isEmpty() || name.charAt(0) >= 128) {
            return false;
        }
        String[] gates = gatesByFirst[name.charAt(0)];
        if (gates != null) {
            for (String gate : gates) {
                if (startsWith(name, gate, dots)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(String name, String gate, boolean dots) {
        if (!dots) {
            return name.startsWith(gate);
        }
        if (name.length() < gate.length()) {
            return false;
        }
        for (int i = 0; i < gate.length(); i++) {
            char g = gate.charAt(i);
            if (name.charAt(i) != (g == '/' ? '.' : g)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (!passes(className, false)) {
            return null;
        }
        ClassFileTransformer w = weaver();
        return w == null ? null
                : w.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (!passes(className, false)) {
            return null;
        }
        ClassFileTransformer w = weaver();
        return w == null ? null : w.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private ClassFileTransformer weaver() {
        ClassFileTransformer w = weaver;
        if (w == null) {
            synchronized (this) {
                if (weaver == null && !building) { // building: a hooked class loaded while setting up; skip it
                    building = true;
                    try {
                        weaver = factory.get();
                    } catch (RuntimeException | LinkageError e) {
                        dev.bodycheck.runtime.Problems.line("bodycheck: could not set up instrumentation (" + e
                                + "); no library is tracked");
                        weaver = NOTHING;
                    } finally {
                        building = false;
                    }
                }
                w = weaver;
            }
        }
        return w == NOTHING ? null : w;
    }

    private static final ClassFileTransformer NOTHING = new ClassFileTransformer() {
    };
}
