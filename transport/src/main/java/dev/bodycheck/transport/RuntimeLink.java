package dev.bodycheck.transport;

/**
 * Whether the bodycheck runtime is there to track this transport's bodies, and what the agent registers
 * this transport as. The runtime exists only once the agent has put it on the bootstrap class path and
 * started it; before that (or without the agent) no runtime class may be touched, since none can be
 * loaded. This class names none, so it is safe to load at any time. Public for the agent only.
 */
public final class RuntimeLink {
    /** The client id of this transport in options and reports. */
    public static final String CLIENT_ID = "reference";
    /** Frames of this transport: a creation stack starts below them. */
    public static final String[] FRAME_PREFIXES = {"dev.bodycheck.transport."};
    /** Where an application makes a request: the frame that called it is the application's line. */
    public static final String[] ENTRY_METHODS = {"dev.bodycheck.transport.Transport.execute"};

    /** The property that the runtime sets once started ({@code Lifecycle.STARTED_PROPERTY}). */
    private static final String STARTED_PROPERTY = "dev.bodycheck.agent";
    private static volatile boolean present;

    private RuntimeLink() {
    }

    /** True once the runtime runs; checked at each exchange, so an agent attached later tracks later bodies. */
    static boolean isPresent() {
        if (present) {
            return true;
        }
        if (System.getProperty(STARTED_PROPERTY) == null) {
            return false;
        }
        present = true;
        return true;
    }
}
