package dev.bodycheck;

import java.io.File;
import java.net.URISyntaxException;

/** Attaches the agent jar this class came from to the running JVM, once. Names no runtime class. */
final class SelfAttach {
    private SelfAttach() {
    }

    static boolean isAttached() {
        try {
            Class.forName("dev.bodycheck.runtime.Tracker", false, null); // the agent puts it on the boot path
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
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
