package dev.bodycheck.agent;

import dev.bodycheck.runtime.Config;
import dev.bodycheck.runtime.Tracker;
import java.lang.instrument.Instrumentation;

/** Everything that runs once the runtime is on the bootstrap class path. */
final class Startup {
    private Startup() {
    }

    static void start(String args, Instrumentation inst) {
        Config config = Config.parse(args, System.getProperties(), Tracker::problem);
        if (!Tracker.start(config)) {
            Tracker.problem("bodycheck: already attached to this JVM; the second start is ignored");
            return;
        }
        Installer.install(inst, config);
    }
}
