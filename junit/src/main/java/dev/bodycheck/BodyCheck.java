package dev.bodycheck;

import dev.bodycheck.runtime.Stats;

/**
 * bodycheck from code: attach the agent at run time, check for leaks from any test framework, read the
 * counts. The agent jar must be on the class path (as a test dependency).
 *
 * <p>This class never touches {@code dev.bodycheck.runtime} before {@link #install()} has attached the
 * agent: the runtime must be loaded once, by the bootstrap class loader, or two trackers would exist.
 */
public final class BodyCheck {
    private BodyCheck() {
    }

    /**
     * Loads the agent into this JVM if it is not attached yet (no-op otherwise); classes of the HTTP
     * libraries loaded before are retransformed, bodies created before are not tracked. On JDK 21 and later
     * the JVM warns about an agent loaded at run time unless started with {@code -XX:+EnableDynamicAgentLoading}.
     *
     * @throws IllegalStateException if the agent cannot be attached (no agent jar, no attach support)
     */
    public static synchronized void install() {
        SelfAttach.ensureAttached();
        Checks.watch();
    }

    /**
     * Fails if a body created since {@link #install()} or the previous call, by any thread, leaked: forces a
     * collection (at most about 2 s) only if some of those bodies are still open.
     *
     * @throws UnclosedBodyError with the leak reports (client, method, URL, creation stack)
     */
    public static void assertNoLeaks() {
        install();
        Checks.assertNoLeaks();
    }

    /** The counts so far: opened = consumed + closed + leaked + open, also per client. */
    public static Stats stats() {
        install();
        return Checks.stats();
    }
}
