package dev.bodycheck.agent;

import java.lang.instrument.Instrumentation;

/**
 * The entry points: {@code -javaagent}, run-time attach, and {@code java -jar bodycheck-agent.jar}.
 *
 * <p>This class must not touch {@code dev.bodycheck.runtime} before {@link BootstrapJar#define} has defined
 * the runtime in the bootstrap loader: the first load of a runtime class decides which loader
 * defines it, and every loader (the JDK's included) must see the one bootstrap copy.
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }

    private static synchronized void start(String args, Instrumentation inst) {
        try {
            BootstrapJar.define(inst);
            Startup.start(args, inst);
        } catch (Throwable thrown) {
            Throwable t = thrown instanceof java.lang.reflect.InvocationTargetException && thrown.getCause() != null
                    ? thrown.getCause() : thrown;
            System.err.println("bodycheck: could not start, the application runs without it: " + t);
            System.setProperty(Startup.OUTCOME_PROPERTY, "refused: could not start (" + t + ")");
        }
    }
}
