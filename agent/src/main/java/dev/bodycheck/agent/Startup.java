package dev.bodycheck.agent;

import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.Clients;
import dev.bodycheck.runtime.Config;
import dev.bodycheck.runtime.HandOver;
import dev.bodycheck.runtime.Lifecycle;
import dev.bodycheck.runtime.PerTestChecks;
import dev.bodycheck.runtime.Problems;
import java.lang.instrument.Instrumentation;
import java.util.function.Supplier;

/** Everything that runs once the runtime is on the bootstrap class path. */
final class Startup {
    /**
     * What the last start in this JVM came to, for {@code attach}, which reads it from the target's system
     * properties: {@code started}, {@code running} (already, with the same options), or {@code refused: why}.
     */
    static final String OUTCOME_PROPERTY = "dev.bodycheck.agent.outcome";

    private Startup() {
    }

    static void start(String args, Instrumentation inst) {
        Options options = Options.parse(args, System.getProperties(), Libraries.ids(), Problems.LINES);
        Config config = options.toConfig();
        if (!Lifecycle.start(config)) {
            String running = Lifecycle.config().options();
            if (running.equals(config.options())) {
                System.setProperty(OUTCOME_PROPERTY, "running");
            } else {
                String why = "already attached to this JVM with other options ("
                        + (running.isEmpty() ? "the defaults" : running) + "); the second start is ignored";
                Problems.line("bodycheck: " + why);
                System.setProperty(OUTCOME_PROPERTY, "refused: " + why);
            }
            return;
        }
        Lifecycle.loadedClasses(new Supplier<Class<?>[]>() {
            @Override
            public Class<?>[] get() {
                return inst.getAllLoadedClasses();
            }
        });
        for (Library l : Libraries.ALL) {
            if (!l.isClient()) {
                continue; // a framework's bodies are its clients'
            }
            Clients.register(l.id(), options.tracks(l.id()), l.framePrefixes(), l.entryMethods(), l.unreadBytes(),
                    l.reclaimer(), l.reclaimsAlways(), l.tellsPinned());
        }
        Installer.install(inst, options);
        HandOver.weaveWith(new Runnable() {
            @Override
            public void run() {
                Installer.installHandOver(inst, options);
            }
        });
        Lifecycle.startupNote(new Supplier<String>() {
            @Override
            public String get() {
                return note(options);
            }
        });
        if (config.failFast()) {
            PerTestChecks.watch();
            // JUnit Jupiter then registers the agent jar's BodyLeakExtension (META-INF/services) for every test
            if (System.getProperty(JUNIT_AUTODETECTION) == null) {
                System.setProperty(JUNIT_AUTODETECTION, "true");
            }
        }
        System.setProperty(OUTCOME_PROPERTY, "started");
    }

    /**
     * "bodycheck 1.0: tracking okhttp, jdk, ... (woven so far: okhttp)", made when the first body opens: which
     * libraries are on the class path is not looked up (a resource lookup searches every module of the JDK,
     * and the JIT then compiles that search), and a library loaded later by another class loader (an
     * application server's, a fat jar's) is instrumented all the same.
     */
    static String note(Options options) {
        StringBuilder tracking = new StringBuilder();
        StringBuilder woven = new StringBuilder();
        for (Library l : Libraries.ALL) {
            if (l.isClient() && options.tracks(l.id())) {
                tracking.append(tracking.length() > 0 ? ", " : "").append(l.id());
                if (l.woven()) {
                    woven.append(woven.length() > 0 ? ", " : "").append(l.id());
                }
            }
        }
        return "bodycheck " + Cli.version() + ": tracking " + (tracking.length() > 0 ? tracking : "nothing")
                + " (woven so far: " + (woven.length() > 0 ? woven : "none") + ")";
    }

    static final String JUNIT_AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";
}
