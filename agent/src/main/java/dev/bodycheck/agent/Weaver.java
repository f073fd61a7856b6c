package dev.bodycheck.agent;

import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.HasBodyRef;
import dev.bodycheck.runtime.Tracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;

/**
 * Weaves the hooks into the classes named by the enabled libraries, and nothing else: a class whose name
 * is not one of theirs is handed back untouched. A library's hooks (and their advice classes) are made only when a
 * class passes that library's gates, so a library the application never loads costs nothing. A class woven at the
 * agent's build (the library versions its tests pin) or by an earlier JVM is read back from the
 * {@link WovenClassStore} when everything it depends on is unchanged; only the others are woven: the JDK's
 * clients by {@link CallWeaving} (plain ASM), the other libraries by {@link AdviceWeaving}, and only then is Byte
 * Buddy loaded.
 */
final class Weaver implements ClassFileTransformer {
    private final Instrumentation inst;
    private final boolean failFast;
    /** The libraries to weave; each makes its hooks only when a class passes its gates. */
    private final List<Library> libraries;
    private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
    private final WovenClassStore store;

    /** @param store the classes woven before (null: weave every class) */
    Weaver(Instrumentation inst, List<Library> enabled, boolean failFast, WovenClassStore store) {
        this.inst = inst;
        this.failFast = failFast;
        this.store = store;
        this.libraries = enabled;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] bytes) {
        Library library = internalName == null ? null : libraryOf(internalName);
        if (library == null || weaving.get() != null) {
            return null; // not ours, or a class loaded while weaving one on this thread
        }
        weaving.set(Boolean.TRUE);
        String typeName = internalName.replace('/', '.');
        try {
            boolean recordField = library.holdsRecord(typeName) && holdsRecordField(loader, classBeingRedefined);
            String key = store == null ? null : store.key(library, loader, internalName, bytes, failFast, recordField);
            byte[] woven = key == null ? null : store.get(key, internalName);
            if (woven == null) {
                woven = library.insertsCalls()
                        ? CallWeaving.weave(library, typeName, loader, bytes, failFast, recordField)
                        : AdviceWeaving.weave(library, typeName, loader, bytes, failFast, recordField);
                if (woven == null) {
                    return null;
                }
                if (key != null) {
                    store.put(key, internalName, woven);
                }
            } else if (woven.length == 0) {
                return null; // woven before: nothing to weave into it
            }
            if (module != null && module.isNamed() && !module.canRead(Tracker.class.getModule())) {
                // code woven into the JDK's named modules calls the tracker in the bootstrap unnamed module
                inst.redefineModule(module, Collections.singleton(Tracker.class.getModule()),
                        Collections.emptyMap(), Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
            }
            library.markWoven();
            return woven;
        } catch (Throwable t) {
            Problems.line("bodycheck: could not instrument " + typeName + " (" + t
                    + "); bodies of that library may not be tracked");
            return null;
        } finally {
            weaving.remove();
        }
    }

    /** The library that hooks the class {@code internalName}, or null (no type is hooked by two). */
    private Library libraryOf(String internalName) {
        for (Library l : libraries) {
            if (l.hooks(internalName)) {
                return l;
            }
        }
        return null;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] bytes) {
        return transform(null, loader, internalName, classBeingRedefined, protectionDomain, bytes);
    }

    /**
     * Whether a class being {@code redefined} (null: loaded now) of {@code loader} is to hold its record: when it is
     * loaded now and its loader sees the runtime's own {@link HasBodyRef} (else it could not be defined), or when it
     * was woven so at its load (a retransformation must give it its members again). Asked here, not of
     * {@link RecordField}: that one is an ASM visitor, which a JVM whose woven classes are all read back never loads.
     */
    private static boolean holdsRecordField(ClassLoader loader, Class<?> redefined) {
        if (redefined != null) {
            for (Class<?> i : redefined.getInterfaces()) {
                if (i == HasBodyRef.class) {
                    return true;
                }
            }
            return false;
        }
        if (loader == null) {
            return true;
        }
        try {
            return Class.forName(HasBodyRef.class.getName(), false, loader) == HasBodyRef.class;
        } catch (Throwable t) {
            return false;
        }
    }
}
