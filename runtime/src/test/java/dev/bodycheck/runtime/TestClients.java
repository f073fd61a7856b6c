package dev.bodycheck.runtime;

/** Clients as the agent would register them, for the runtime's own tests. */
final class TestClients {
    static final Client OKHTTP = Clients.register("okhttp", true, new String[] {"okhttp3.", "okio.", "kotlin."},
            new String[] {"okhttp3.RealCall.execute", "okhttp3.internal.connection.RealCall.execute"}, null,
            null, false);
    /** Bodies made by {@code dev.bodycheck.testapp.App}, whose frames are the application's. */
    static final Client TEST = Clients.register("test", true, new String[] {"dev.bodycheck.testlib."},
            new String[0], null, TestClients::supplied, true);

    /** The connection side of a test body is a {@link java.util.function.BooleanSupplier} that reclaims it. */
    static boolean supplied(Object connection, Long bytesRead) {
        return ((java.util.function.BooleanSupplier) connection).getAsBoolean();
    }

    private TestClients() {
    }

    static ResponseFacts facts(String method, String url, int status) {
        return ResponseFacts.of(TEST.id(), method, url, status);
    }
}
