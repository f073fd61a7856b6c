package dev.bodycheck.agent;


import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.instrument.handover.HandOverHooks;
import dev.bodycheck.runtime.Problems;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Weaves the hooks of every enabled client. Types are matched by exact name only, first by a plain
 * transformer that looks at each class name and nothing else: Byte Buddy is set up only when the first
 * class of a tracked library is loaded, so an application that never loads one pays for nothing but a
 * set lookup per class. Retransformation without class-format changes lets the same code serve
 * {@code -javaagent} and a run-time attach.
 */
final class Installer {
    private Installer() {
    }

    static void install(Instrumentation inst, Options options) {
        List<String> gates = new ArrayList<>();
        for (Library l : Libraries.ALL) {
            if (enabled(l, options)) {
                gates.addAll(l.gates());
            }
        }
        if (gates.isEmpty()) {
            return;
        }
        LazyTransformer transformer = new LazyTransformer(gates, new Supplier<ClassFileTransformer>() {
            @Override
            public ClassFileTransformer get() {
                return weaver(inst, options);
            }
        });
        inst.addTransformer(transformer, true);
        // attached at run time: the library classes loaded already go through the transformer now
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (transformer.passes(c.getName(), true) && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Exception | LinkageError e) {
                Problems.line("bodycheck: could not instrument the classes loaded before the agent (" + e
                        + "); bodies of those libraries may not be tracked");
            }
        }
    }

    /**
     * Weaves the hand-over points ({@link HandOverHooks}) into the JDK's classes: those loaded already are
     * retransformed (advice only), those loaded later are woven as they load. Run once, when a test framework
     * registers its first test: outside tests, none of this is woven. The woven classes are kept in the store
     * like the libraries' (a later test JVM of the same JDK reads them back instead of weaving).
     */
    static void installHandOver(Instrumentation inst, Options options) {
        List<Library> libraries = HandOverHooks.libraries();
        Weaver weaver = new Weaver(inst, libraries, false,
                WovenClassStore.open(options.weaveCache() ? System.getProperty("user.home") : null));
        inst.addTransformer(weaver, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Library l : libraries) {
            for (String name : l.typeNames()) {
                try {
                    Class<?> c = Class.forName(name, false, null);
                    if (inst.isModifiableClass(c)) {
                        loaded.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not in this JDK
                }
            }
        }
        try {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError e) {
            Problems.line("bodycheck: could not follow tests' work across threads (" + e
                    + "); leaks made on other threads than a test's own are counted as unattributed");
        }
    }

    /** Whether {@code clients=} lets {@code l} be woven: a framework that is no client when one it serves is. */
    private static boolean enabled(Library l, Options options) {
        if (l.isClient()) {
            return options.tracks(l.id());
        }
        for (String id : l.serves()) {
            if (options.tracks(id)) {
                return true;
            }
        }
        return false;
    }

    /** The transformer that weaves the hooks; built the first time a class passes the gates. */
    private static ClassFileTransformer weaver(Instrumentation inst, Options options) {
        List<Library> enabled = new ArrayList<>();
        for (Library l : Libraries.ALL) {
            if (enabled(l, options) && !l.gates().isEmpty()) { // no gates: no hooks (InstallerTest)
                enabled.add(l);
            }
        }
        return new Weaver(inst, enabled, options.failFast(),
                WovenClassStore.open(options.weaveCache() ? System.getProperty("user.home") : null));
    }
}
