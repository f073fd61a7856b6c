package dev.bodycheck;

import java.io.File;
import java.net.URISyntaxException;

/** Attaches the agent jar this class came from to the running JVM, once. Names no runtime class. */
final class SelfAttach {
    private SelfAttach() {
    }

    /** The property the runtime sets once the agent started it ({@code Lifecycle.STARTED_PROPERTY}). */
    private static final String STARTED_PROPERTY = "dev.bodycheck.agent";

    static boolean isAttached() {
        return System.getProperty(STARTED_PROPERTY) != null;
    }

    static synchronized void ensureAttached() {
        if (isAttached()) {
            return;
        }
        File jar;
        try {
            jar = new File(SelfAttach.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("bodycheck: cannot find the agent jar to attach", e);
        }
        if (!jar.isFile()) {
            throw new IllegalStateException("bodycheck: attaching needs bodycheck-agent.jar on the class path, not the "
                    + "classes folder " + jar + "; or start the JVM with -javaagent:bodycheck-agent.jar");
        }
        try {
            net.bytebuddy.agent.ByteBuddyAgent.attach(jar, Long.toString(ProcessHandle.current().pid()));
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("bodycheck: cannot attach the agent to this JVM (" + e
                    + "); start it with -javaagent:" + jar, e);
        }
        if (!isAttached()) {
            throw new IllegalStateException("bodycheck: the agent was attached but did not start; see the lines above");
        }
    }
}
