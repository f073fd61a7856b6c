package dev.bodycheck.transport;

import java.lang.ref.Cleaner;
import java.util.function.BooleanSupplier;

/**
 * Closes the connection of a dropped body when the tracker does not watch this transport (the agent's
 * {@code clients} option left out {@code reference}): no report then, but still no lost socket. The
 * clean-up is lease-checked, so for a body that ended normally it does nothing.
 */
final class UntrackedLeakGuard {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "bodycheck-transport-cleaner");
        t.setDaemon(true);
        return t;
    });

    private UntrackedLeakGuard() {
    }

    static void watch(ResponseBody body, BooleanSupplier cleanup) {
        CLEANER.register(body, () -> {
            try {
                cleanup.getAsBoolean();
            } catch (RuntimeException ignored) {
                // closing a socket of a forgotten body: nobody is left to tell
            }
        });
    }
}
