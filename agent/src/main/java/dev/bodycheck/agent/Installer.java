package dev.bodycheck.agent;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.Tracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

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
            if (options.tracks(l.id())) {
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
            if (transformer.passes(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
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

    /** The Byte Buddy transformer that weaves the hooks; built the first time a class passes the gates. */
    private static ClassFileTransformer weaver(Instrumentation inst, Options options) {
        List<Library> enabled = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Library l : Libraries.ALL) {
            if (options.tracks(l.id()) && !l.typeNames().isEmpty()) {
                enabled.add(l);
                names.addAll(l.typeNames());
            }
        }
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorListener())
                // advice inlined into the JDK's named modules calls the tracker in the bootstrap unnamed module
                .assureReadEdgeTo(inst, Tracker.class)
                // replaces the default, which would also skip the JDK's own (bootstrap) classes
                .ignore(not(namedOneOf(names.toArray(new String[0]))));
        for (Library l : enabled) {
            builder = builder.type(namedOneOf(l.typeNames().toArray(new String[0]))).transform(
                    l.transformer(options.failFast()));
        }
        return builder.makeRaw();
    }

    /**
     * The builder's default initialization strategy looks for a way to inject its "nexus" class, which on
     * JDK 24+ prints sun.misc.Unsafe warnings into the application's output. Advice needs no nexus, so it
     * is switched off while the builder is made (Byte Buddy reads the property once).
     */
    private static AgentBuilder newAgentBuilder() {
        String property = net.bytebuddy.dynamic.Nexus.PROPERTY;
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    /** A type that could not be woven: one line each, the application goes on. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            Problems.line("bodycheck: could not instrument " + typeName + " (" + throwable
                    + "); bodies of that library may not be tracked");
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                boolean loaded, DynamicType dynamicType) {
            // quiet on success
        }
    }
}
