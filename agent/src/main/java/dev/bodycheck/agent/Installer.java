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
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
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
 * Weaves the hooks of every enabled client. Types are matched by exact name only and everything else
 * is ignored first, so start-up does not pay for looking at the application's classes. Retransformation
 * without class-format changes lets the same code serve {@code -javaagent} and a run-time attach.
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

    static void install(Instrumentation inst, Config config) {
        List<ClientHooks> enabled = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ClientHooks c : allClients()) {
            if (config.tracks(c.client())) {
                enabled.add(c);
                names.addAll(c.typeNames());
            }
        }
        if (enabled.isEmpty()) {
            return;
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
        builder.installOn(inst);
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
