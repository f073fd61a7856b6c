package dev.bodycheck.agent;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.bodycheck.instrument.ClientHooks;
import dev.bodycheck.instrument.apache4.Apache4Hooks;
import dev.bodycheck.instrument.apache5.Apache5Hooks;
import dev.bodycheck.instrument.jdk.JdkHttpClientHooks;
import dev.bodycheck.instrument.okhttp.OkHttpHooks;
import dev.bodycheck.instrument.urlconnection.UrlConnectionHooks;
import dev.bodycheck.runtime.Config;
import dev.bodycheck.runtime.Tracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import dev.bodycheck.runtime.Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    static List<ClientHooks> allClients() {
        List<ClientHooks> all = new ArrayList<>();
        all.add(OkHttpHooks.hooks());
        all.add(Apache4Hooks.hooks());
        all.add(Apache5Hooks.hooks());
        all.add(UrlConnectionHooks.hooks());
        all.add(JdkHttpClientHooks.hooks());
        return all;
    }

    /**
     * Where each client's hooked classes live (internal names, prefixes). The transformer lets only these
     * through to Byte Buddy; {@code InstallerTest} checks that they cover every hook.
     */
    static final Map<Client, String[]> GATES = new EnumMap<>(Client.class);

    static {
        GATES.put(Client.OKHTTP, new String[] {"okhttp3/RealCall", "okhttp3/internal/connection/"});
        GATES.put(Client.APACHE4, new String[] {"org/apache/http/impl/execchain/", "org/apache/http/conn/EofSensor"});
        GATES.put(Client.APACHE5, new String[] {"org/apache/hc/client5/http/impl/classic/",
            "org/apache/hc/core5/http/io/EofSensor"});
        GATES.put(Client.URLCONNECTION, new String[] {"sun/net/www/protocol/http/HttpURLConnection$HttpInputStream"});
        GATES.put(Client.JDK, new String[] {"jdk/internal/net/http/HttpClientImpl"});
    }

    static void install(Instrumentation inst, Config config) {
        List<String> gates = new ArrayList<>();
        for (Map.Entry<Client, String[]> e : GATES.entrySet()) {
            if (config.tracks(e.getKey())) {
                gates.addAll(Arrays.asList(e.getValue()));
            }
        }
        if (gates.isEmpty()) {
            return;
        }
        LazyTransformer transformer = new LazyTransformer(gates, new Supplier<ClassFileTransformer>() {
            @Override
            public ClassFileTransformer get() {
                return weaver(inst, config);
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
                Tracker.problem("bodycheck: could not instrument the classes loaded before the agent (" + e
                        + "); bodies of those libraries may not be tracked");
            }
        }
    }

    /** The Byte Buddy transformer that weaves the hooks; built the first time a class passes the gates. */
    private static ClassFileTransformer weaver(Instrumentation inst, Config config) {
        List<ClientHooks> enabled = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ClientHooks c : allClients()) {
            if (config.tracks(c.client())) {
                enabled.add(c);
                names.addAll(c.typeNames());
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
        for (ClientHooks c : enabled) {
            builder = builder.type(namedOneOf(c.typeNames().toArray(new String[0]))).transform(c);
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
            Tracker.problem("bodycheck: could not instrument " + typeName + " (" + throwable
                    + "); bodies of that library may not be tracked");
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                boolean loaded, DynamicType dynamicType) {
            // quiet on success
        }
    }
}
