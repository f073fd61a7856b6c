package dev.bodycheck.agent;

import dev.bodycheck.runtime.Client;
import dev.bodycheck.runtime.Config;
import dev.bodycheck.runtime.Tracker;
import java.lang.instrument.Instrumentation;
import java.util.Map;

/** Everything that runs once the runtime is on the bootstrap class path. */
final class Startup {
    private Startup() {
    }

    static void start(String args, Instrumentation inst) {
        Config config = Config.parse(args, System.getProperties(), Tracker.PROBLEMS);
        if (!Tracker.start(config)) {
            Tracker.problem("bodycheck: already attached to this JVM; the second start is ignored");
            return;
        }
        Installer.install(inst, config);
        Tracker.startupNote(note(config));
        if (config.failFast()) {
            Tracker.watch();
            // JUnit Jupiter then registers the agent jar's BodyLeakExtension (META-INF/services) for every test
            if (System.getProperty(JUNIT_AUTODETECTION) == null) {
                System.setProperty(JUNIT_AUTODETECTION, "true");
            }
        }
    }

    /**
     * "bodycheck 1.0: tracking okhttp, jdk, ...; not on the class path at start-up: apache4". A library
     * loaded later by another class loader (an application server's, a fat jar's) is still instrumented.
     */
    static String note(Config config) {
        StringBuilder tracking = new StringBuilder();
        StringBuilder absent = new StringBuilder();
        for (Client c : Client.values()) {
            if (!config.tracks(c)) {
                continue;
            }
            String marker = MARKERS.get(c);
            StringBuilder list = marker == null || ClassLoader.getSystemResource(marker) != null ? tracking : absent;
            list.append(list.length() > 0 ? ", " : "").append(c.id());
        }
        return "bodycheck " + Cli.version() + ": tracking " + (tracking.length() > 0 ? tracking : "nothing")
                + (absent.length() > 0 ? "; not on the class path at start-up, skipped unless loaded later: " + absent
                        : "");
    }

    static final String JUNIT_AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";

    /** A class of each library that is not part of the JDK. */
    private static final Map<Client, String> MARKERS = Map.of(
            Client.OKHTTP, "okhttp3/OkHttpClient.class",
            Client.APACHE4, "org/apache/http/impl/client/CloseableHttpClient.class",
            Client.APACHE5, "org/apache/hc/client5/http/impl/classic/CloseableHttpClient.class");
}
