package dev.bodycheck.runtime;

/**
 * The JFR events of the reports ({@link JfrEvents}). A runtime image may lack the {@code jdk.jfr} module
 * (jlink, {@code --limit-modules}): then nothing is recorded and {@link JfrEvents} is never loaded.
 */
final class LeakEvents {
    private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private LeakEvents() {
    }

    static void leak(BodyRef ref, String url, String site, long openMillis, ApplicationFrames.Trace frames) {
        if (JFR) {
            JfrEvents.leak(ref, url, site, openMillis, frames);
        }
    }

    static void openTooLong(BodyRef ref, String url, String site, long openMillis, ApplicationFrames.Trace frames) {
        if (JFR) {
            JfrEvents.openTooLong(ref, url, site, openMillis, frames);
        }
    }

    static void poolExhausted(String client, String detail, int open) {
        if (JFR) {
            JfrEvents.poolExhausted(client, detail, open);
        }
    }
}
