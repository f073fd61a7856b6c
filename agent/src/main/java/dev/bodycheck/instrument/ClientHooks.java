package dev.bodycheck.instrument;

import dev.bodycheck.runtime.Client;
import dev.bodycheck.runtime.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * All hooks of one client library. Before the first class of the library is woven in a class loader,
 * every hook's shape is checked against the classes that loader sees: a library of an unknown version
 * is left untouched as a whole (one line says so), because tracking bodies whose end cannot be seen
 * would report every one of them as a leak.
 */
public final class ClientHooks implements AgentBuilder.Transformer {
    private static final Object BOOTSTRAP = new Object();

    private final Client client;
    private final List<Hook> hooks;
    private final Map<Object, String> verdicts = new WeakHashMap<>();

    public ClientHooks(Client client, Hook... hooks) {
        this.client = client;
        this.hooks = Arrays.asList(hooks);
    }

    public Client client() {
        return client;
    }

    public Set<String> typeNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Hook h : hooks) {
            names.addAll(Arrays.asList(h.typeNames()));
        }
        return names;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
            ClassLoader loader, JavaModule module, java.security.ProtectionDomain protectionDomain) {
        if (shapeProblem(loader) != null) {
            return builder;
        }
        for (Hook hook : hooks) {
            if (hook.appliesTo(type.getName())) {
                builder = builder.visit(hook.advice().on(hook.methods()));
            }
        }
        return builder;
    }

    /** Null if every hook fits the library this loader sees; else the first misfit (said once). */
    private String shapeProblem(ClassLoader loader) {
        Object key = loader == null ? BOOTSTRAP : loader;
        synchronized (verdicts) {
            if (verdicts.containsKey(key)) {
                return verdicts.get(key);
            }
        }
        ClassFileLocator locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader);
        TypePool pool = TypePool.Default.of(locator);
        List<String> problems = new ArrayList<>();
        for (Hook h : hooks) {
            String p = h.checkShape(pool);
            if (p != null) {
                problems.add(p);
            }
        }
        String verdict = problems.isEmpty() ? null : problems.get(0);
        synchronized (verdicts) {
            if (verdicts.containsKey(key)) {
                return verdicts.get(key);
            }
            verdicts.put(key, verdict);
        }
        if (verdict != null) {
            Tracker.problem("bodycheck: " + client.id() + " skipped: a version this agent does not know ("
                    + verdict + ", on Java " + System.getProperty("java.version")
                    + "); its bodies are not tracked, the other clients are");
        }
        return verdict;
    }
}
