package dev.bodycheck.instrument;

import dev.bodycheck.runtime.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.ToLongFunction;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Everything the agent knows of one supported HTTP library, made by that library's package
 * ({@code instrument/okhttp/}, ...) and listed once in {@link Libraries}: its client id, what it is,
 * the class that says it is on the class path, the package prefixes its hooked classes live in (the only
 * class names that reach Byte Buddy), the prefixes of its frames and its entry methods (for stack
 * trimming), and its hooks.
 *
 * <p>Before the first class of the library is woven in a class loader, every hook's shape is checked
 * against the classes that loader sees: a library of an unknown version is left untouched as a whole
 * (one line says so), because tracking bodies whose end cannot be seen would report every one of them
 * as a leak.
 */
public final class Library {
    private static final Object BOOTSTRAP = new Object();

    private final String id;
    private final String description;
    private final String[] gates;
    private final String[] framePrefixes;
    private final String[] entryMethods;
    private final ToLongFunction<Object> unreadBytes;
    private final Reclaim reclaimer;
    private final boolean reclaimsAlways;
    private final boolean tellsPinned;
    private final Hooks declared;
    /** The name of the library's {@code <Library>Hooks} class, made when hooks are first needed; or null. */
    private final String hooksClass;
    /** The hooked types, named apart from the hooks ({@link Builder#hooked}); null: the hooks name them. */
    private final String[] hookedTypes;
    private final String[] serves;
    private final Set<String> holdingRecord;
    private volatile List<Hook> hooks;
    /** The internal names of the hooked types, made with the hooks. */
    private volatile Set<String> hooked;
    private volatile boolean woven;
    private final Map<Object, String> verdicts = new WeakHashMap<>();

    private Library(Builder b) {
        this.id = b.id;
        this.description = b.description;
        this.gates = b.gates;
        this.framePrefixes = b.framePrefixes;
        this.entryMethods = b.entryMethods;
        this.unreadBytes = b.unreadBytes;
        this.reclaimer = b.reclaimer;
        this.reclaimsAlways = b.reclaimsAlways;
        this.tellsPinned = b.tellsPinned;
        this.declared = b.hooks;
        this.hooksClass = b.hooksClass;
        this.hookedTypes = b.hookedTypes;
        this.serves = b.serves;
        this.holdingRecord = new java.util.HashSet<>(Arrays.asList(b.holdingRecord));
    }

    /** @param id the client id in options and reports ({@code okhttp}) */
    public static Builder called(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    /**
     * False for a framework that is no client of its own ({@link Builder#serves}): it has no id in
     * {@code clients=}, no counts, and is woven when one of the clients it serves is tracked.
     */
    public boolean isClient() {
        return serves == null;
    }

    /** The clients whose bodies a framework that is no client of its own carries ({@link Builder#serves}). */
    public List<String> serves() {
        return serves == null ? java.util.Collections.<String>emptyList() : Arrays.asList(serves);
    }

    /** What it is, for the usage text: {@code OkHttp 3.14+, 4.x, 5.x}. */
    public String description() {
        return description;
    }

    /** At least one class of this library has been woven in this JVM. */
    public boolean woven() {
        return woven;
    }

    public void markWoven() {
        woven = true;
    }

    /**
     * Whether {@code typeName} (one of the hooked types) is woven, at its load, to hold its objects' record in a
     * field ({@link Builder#holdRecord}).
     */
    public boolean holdsRecord(String typeName) {
        return holdingRecord.contains(typeName);
    }

    /** Prefixes of the internal names of the hooked classes: {@code okhttp3/internal/connection/}. */
    public List<String> gates() {
        return Arrays.asList(gates);
    }

    public String[] framePrefixes() {
        return framePrefixes.clone();
    }

    public String[] entryMethods() {
        return entryMethods.clone();
    }

    /** For a library that reads ahead of the application: the bytes still unread in its buffer; else null. */
    public ToLongFunction<Object> unreadBytes() {
        return unreadBytes;
    }

    /** How the connection of a leaked body is given back ({@code reclaim}); null if it cannot be. */
    public Reclaim reclaimer() {
        return reclaimer;
    }

    /** True if the library gives the connections of leaked bodies back itself, whatever {@code reclaim} says. */
    public boolean reclaimsAlways() {
        return reclaimsAlways;
    }

    /** False if the agent cannot see whether an open body of this library still holds its connection. */
    public boolean tellsPinned() {
        return tellsPinned;
    }

    /**
     * The hooks of a library, declared apart from its other facts (by the library's own {@code <Library>Hooks}
     * class): the advice classes they name are loaded with them, which only a class passing the library's gates
     * (or the command line) needs, not the start-up.
     */
    public interface Hooks {
        Hook[] all();
    }

    private List<Hook> hooks() {
        List<Hook> h = hooks;
        if (h == null) {
            Hooks all = declared != null ? declared : hooksClass != null ? made(hooksClass) : null;
            h = all == null ? java.util.Collections.<Hook>emptyList() : Arrays.asList(all.all());
            hooks = h;
        }
        return h;
    }

    /** The {@code <Library>Hooks} class named by {@link Builder#hooks(String)}, loaded and made now. */
    private static Hooks made(String className) {
        try {
            java.lang.reflect.Constructor<?> c = Class.forName(className, true, Library.class.getClassLoader())
                    .getDeclaredConstructor();
            c.setAccessible(true);
            return (Hooks) c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make the hooks " + className, e);
        }
    }

    /**
     * The names of the hooked types ({@code okhttp3.internal.connection.Exchange}), in the order of the hooks. Those
     * the library names itself ({@link Builder#hooked}) make no hooks: a JVM that reads every class of the library
     * back from the store ({@code WovenClassStore}) then loads neither the hooks nor their advice classes.
     */
    public Set<String> typeNames() {
        return hookedTypes != null ? new LinkedHashSet<>(Arrays.asList(hookedTypes)) : typeNamesOfHooks();
    }

    /** The names of the types the hooks hook, in their order (what {@link Builder#hooked} must say). */
    Set<String> typeNamesOfHooks() {
        Set<String> names = new LinkedHashSet<>();
        for (Hook h : hooks()) {
            names.addAll(Arrays.asList(h.typeNames()));
        }
        return names;
    }

    /**
     * Whether the class {@code internalName} ({@code okhttp3/internal/connection/Exchange}) is one of the hooked
     * types. Only a name that passes one of this library's gates makes its hooks, and so loads its advice classes:
     * a library none of whose classes the application loads costs nothing here.
     */
    public boolean hooks(String internalName) {
        for (String gate : gates) {
            if (internalName.startsWith(gate)) {
                Set<String> names = hooked;
                if (names == null) {
                    names = new java.util.HashSet<>();
                    for (String name : typeNames()) {
                        names.add(name.replace('.', '/'));
                    }
                    hooked = names;
                }
                return names.contains(internalName);
            }
        }
        return false;
    }

    /**
     * The advice of this library's hooks on the type {@code typeName}, in the order listed (a later hook's
     * visitor sees a method first), or null if nothing is to be woven into it: the library seen through
     * {@code loader} is not of a known shape, or the type has no hook. The fail-fast checks only if
     * {@code failFast}: they are the one advice that may throw into the application, and without the option
     * they would only cost a call per request.
     */
    public AsmVisitorWrapper visitorFor(String typeName, ClassLoader loader, boolean failFast) {
        if (shapeProblem(loader) != null) {
            return null;
        }
        List<AsmVisitorWrapper> visitors = new ArrayList<>();
        for (Hook hook : hooks()) {
            if (hook.appliesTo(typeName) && (failFast || !hook.isFailFast())) {
                visitors.add(hook.advice().on(hook.methods()));
            }
        }
        return visitors.isEmpty() ? null : new AsmVisitorWrapper.Compound(visitors);
    }

    /**
     * The calls of the runtime to weave into the type {@code typeName} with plain ASM (the hooks of a library that
     * {@link #insertsCalls}), in the order listed; the fail-fast check only if {@code failFast}.
     */
    public List<Hook> callsFor(String typeName, boolean failFast) {
        List<Hook> calls = new ArrayList<>();
        for (Hook hook : hooks()) {
            if (hook.call() != null && hook.appliesTo(typeName) && (failFast || !hook.isFailFast())) {
                calls.add(hook);
            }
        }
        return calls;
    }

    /** Whether this library's hooks are calls of the runtime woven with plain ASM ({@link Call}), not advice. */
    public boolean insertsCalls() {
        List<Hook> h = hooks();
        return !h.isEmpty() && h.get(0).call() != null;
    }

    /** Whether every hook fits the library {@code loader} sees (if not, said once). */
    public boolean fitsShape(ClassLoader loader) {
        return shapeProblem(loader) == null;
    }

    /**
     * Whether the library {@code loader} sees fits, as the class being woven showed: {@code misfit} is what it lacks
     * (null: nothing). A misfit is said once per loader, as by {@link #fitsShape}, and the loader's later classes of
     * this library are left as they are.
     */
    public boolean fits(ClassLoader loader, String misfit) {
        return verdict(loader == null ? BOOTSTRAP : loader, misfit) == null;
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
        for (Hook h : hooks()) {
            String p = h.checkShape(pool);
            if (p != null) {
                problems.add(p);
            }
        }
        return verdict(key, problems.isEmpty() ? null : problems.get(0));
    }

    /** The verdict on the library that {@code key}'s loader sees: the first one given stands; a misfit is said. */
    private String verdict(Object key, String verdict) {
        synchronized (verdicts) {
            if (verdicts.containsKey(key)) {
                return verdicts.get(key);
            }
            verdicts.put(key, verdict);
        }
        if (verdict != null) {
            Problems.line("bodycheck: " + id + " skipped: a version this agent does not know ("
                    + verdict + ", on Java " + System.getProperty("java.version")
                    + "); its bodies are not tracked, the other clients are");
        }
        return verdict;
    }

    /** The facts of one library, each said once. */
    public static final class Builder {
        private final String id;
        private String description = "";
        private String[] gates = new String[0];
        private String[] framePrefixes = new String[0];
        private String[] entryMethods = new String[0];
        private ToLongFunction<Object> unreadBytes;
        private Reclaim reclaimer;
        private boolean reclaimsAlways;
        private boolean tellsPinned = true;
        private Hooks hooks;
        private String hooksClass;
        private String[] hookedTypes;
        private String[] serves;
        private String[] holdingRecord = new String[0];

        private Builder(String id) {
            this.id = id;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder gates(String... internalNamePrefixes) {
            this.gates = internalNamePrefixes;
            return this;
        }

        public Builder frames(String... classNamePrefixes) {
            this.framePrefixes = classNamePrefixes;
            return this;
        }

        public Builder entries(String... classDotMethod) {
            this.entryMethods = classDotMethod;
            return this;
        }

        /** See {@code Tracker.sourceEnded}: how many bytes of the library's read-ahead buffer are unread. */
        public Builder unreadBytes(ToLongFunction<Object> probe) {
            this.unreadBytes = probe;
            return this;
        }

        /**
         * The hooked types whose objects (the bodies, or an alias of them) hold their record in a field when the
         * type is woven at its load, so that the tracker finds it without an identity lookup
         * ({@code dev.bodycheck.runtime.HasBodyRef}); a type already loaded when the agent came keeps the lookup.
         */
        public Builder holdRecord(String... typeNames) {
            this.holdingRecord = typeNames;
            return this;
        }

        /** See {@link Reclaim}: how the connection side its advice hands to the tracker is given back. */
        public Builder reclaim(Reclaim how) {
            this.reclaimer = how;
            return this;
        }

        /** Like {@link #reclaim}, for a library that does it itself, whatever the {@code reclaim} option says. */
        public Builder reclaimAlways(Reclaim how) {
            this.reclaimer = how;
            this.reclaimsAlways = true;
            return this;
        }

        /**
         * The agent cannot see whether an open body still holds its connection: the library may have received
         * a small body whole and given the connection back unseen. Reports then say {@code pinned} is unknown.
         */
        public Builder cannotTellPinned() {
            this.tellsPinned = false;
            return this;
        }

        /**
         * Makes this a framework between the application and the clients named here rather than a client: its
         * hooks hand those clients' bodies to the application, whose reports keep the client's id.
         */
        public Builder serves(String... clientIds) {
            this.serves = clientIds;
            return this;
        }

        /**
         * The types the hooks hook, in their order, said here too, so that a class read back from the store needs
         * no hooks made (a test holds this list to the hooks').
         */
        public Builder hooked(String... typeNames) {
            this.hookedTypes = typeNames;
            return this;
        }

        public Library hooks(Hooks all) {
            this.hooks = all;
            return new Library(this);
        }

        /**
         * The hooks, made by the class {@code className} (a {@link Hooks} with a constructor without arguments) only
         * when they are first needed: the start-up loads neither that class nor the advice classes it names.
         */
        public Library hooks(String className) {
            this.hooksClass = className;
            return new Library(this);
        }

        /** A library whose bodies track themselves (the reference transport): nothing to weave. */
        public Library noHooks() {
            return new Library(this);
        }
    }
}
