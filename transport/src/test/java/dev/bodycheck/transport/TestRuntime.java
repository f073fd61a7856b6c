package dev.bodycheck.transport;

import dev.bodycheck.runtime.Clients;
import dev.bodycheck.runtime.Config;
import dev.bodycheck.runtime.Lifecycle;

/** Starts the runtime in this JVM, as the agent would, for the tests that count tracked bodies. */
final class TestRuntime {
    static {
        Clients.register(RuntimeLink.CLIENT_ID, true, RuntimeLink.FRAME_PREFIXES, RuntimeLink.ENTRY_METHODS, null,
                (connection, bytesRead) -> ((java.util.function.BooleanSupplier) connection).getAsBoolean(), true);
        Lifecycle.start(Config.builder().log(Config.LogTarget.NONE).build());
    }

    private TestRuntime() {
    }

    static void ensureStarted() {
        // the static initializer did it
    }
}
