package dev.bodycheck.runtime;

/**
 * Start-up and exit of the runtime: the options in force, the reporter, the reaper thread, the line said
 * once the application makes its first tracked request, and the last collection and summary at exit.
 */
public final class Lifecycle {
    /**
     * Set once the runtime started, to the options it runs with: the reference transport and the test
     * API, which must not touch a runtime class before the agent put the runtime on the bootstrap class
     * path, read it to know that they may.
     */
    public static final String STARTED_PROPERTY = "dev.bodycheck.agent";

    private static volatile Config config = Config.defaults();
    private static volatile Reporter reporter;
    private static volatile boolean firstOpenSeen;
    private static volatile java.util.function.Supplier<String> startupNote;
    /** The {@code reclaim} option, which {@link Tracker#reclaim(boolean)} may switch at run time. */
    private static volatile boolean reclaim;
    /** See {@link #stackEvery()}; {@link #NOT_STARTED} until the tracker starts. */
    private static final int NOT_STARTED = Integer.MIN_VALUE;
    private static volatile int stackEvery = NOT_STARTED;

    private Lifecycle() {
    }

    /** Starts the tracker with these options; false if it was already started. */
    public static synchronized boolean start(Config c) {
        if (reporter != null) {
            return false;
        }
        config = c;
        reclaim = c.reclaim();
        Reporter r = new Reporter(c, Problems.LINES);
        // an ignore rule names a site or a frame: only a body with a stack can match it
        stackEvery = r.ignoresAnything() ? 1 : c.stackEvery();
        reporter = r; // after stackEvery: stackEvery() reads it once it sees the reporter
        Reaper.start();
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                atExit();
            }
        }, "bodycheck-exit"));
        System.setProperty(STARTED_PROPERTY, c.options());
        return true;
    }

    /**
     * Where the classes loaded in this JVM are listed (the agent's {@code Instrumentation}): a report looks up
     * there where the classes of its stack came from ({@link CodeOrigins}).
     */
    public static void loadedClasses(java.util.function.Supplier<Class<?>[]> all) {
        CodeOrigins.use(all);
    }

    public static Config config() {
        return config;
    }

    /**
     * Every how many bodies one gets its creation stack: 1 each (also whenever an ignore rule is set), 0 none,
     * N one in N at random, or {@link Config#STACKS_AUTO} ({@code stacks=}). One read per body, decided once at
     * start.
     */
    static int stackEvery() {
        int every = stackEvery;
        if (every == NOT_STARTED) {
            reporter(); // starts the tracker if nobody did
            every = stackEvery;
        }
        return every;
    }

    /** Whether the connections of leaked bodies are given back now ({@code reclaim}). */
    static boolean reclaim() {
        return reclaim;
    }

    static void reclaim(boolean on) {
        reclaim = on;
    }

    /** The reporter; starts the tracker with the defaults if nobody did (the runtime's own tests). */
    static Reporter reporter() {
        Reporter r = reporter;
        if (r == null) {
            start(Config.defaults());
            r = reporter;
        }
        return r;
    }

    /** A line said once the application makes its first tracked request (which clients are tracked). */
    public static void startupNote(java.util.function.Supplier<String> note) {
        startupNote = note;
    }

    public static void info(String line) {
        reporter().info(line);
    }

    /**
     * The application makes requests: now, on a thread of ours, say which clients are tracked, and register
     * the JMX view once there is a platform MBean server ({@link BodyTrackerView#registerOnceServed}). Neither is
     * done at start-up, where it would set up logging or JMX before the application.
     */
    static void opened() {
        if (!firstOpenSeen) {
            firstOpen();
        }
    }

    private static synchronized void firstOpen() {
        if (firstOpenSeen) {
            return;
        }
        firstOpenSeen = true;
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                java.util.function.Supplier<String> note = startupNote;
                if (note != null) {
                    info(note.get());
                }
                BodyTrackerView.registerOnceServed();
            }
        }, "bodycheck-jmx");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the JVM is shutting down: the exit hook has begun its last collection and summary. */
    static boolean exiting() {
        return exiting;
    }

    private static volatile boolean exiting;

    private static void atExit() {
        exiting = true;
        try {
            Reaper.collect(2000);
            reporter().summary(Stats.now());
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }
}
