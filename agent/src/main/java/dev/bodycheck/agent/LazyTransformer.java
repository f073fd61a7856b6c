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
    /** Prefixes of internal names: {@code okhttp3/internal/connection/}. */
    private final String[] gates;
    private final Supplier<ClassFileTransformer> factory;
    private volatile ClassFileTransformer weaver;
    private boolean building;

    LazyTransformer(List<String> gates, Supplier<ClassFileTransformer> factory) {
        this.gates = gates.toArray(new String[0]);
        this.factory = factory;
    }

    boolean passes(String internalName) {
        if (internalName != null) {
            for (String gate : gates) {
                if (internalName.startsWith(gate)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (!passes(className)) {
            return null;
        }
        ClassFileTransformer w = weaver();
        return w == null ? null
                : w.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (!passes(className)) {
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
