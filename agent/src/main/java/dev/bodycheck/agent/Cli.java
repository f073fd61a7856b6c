package dev.bodycheck.agent;

import com.sun.tools.attach.VirtualMachine;
import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** {@code java -jar bodycheck-agent.jar}: version, usage and every option. */
final class Cli {
    private Cli() {
    }

    static String version() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        if (args[0].equals("version") || args[0].equals("--version")) {
            out.println("bodycheck " + version());
            return 0;
        }
        if (args[0].equals("list")) {
            return LocalJvms.list(out, err);
        }
        if (args[0].equals("attach")) {
            return attach(args, out, err);
        }
        if (args[0].equals("stats") || args[0].equals("dump")) {
            return RemoteView.run(args, out, err);
        }
        err.println("bodycheck: unknown command '" + args[0] + "'");
        usage(err);
        return 2;
    }

    /**
     * {@code attach <pid> [options]}: loads the agent into a running JVM. Exit 0 only when the agent runs
     * there with those options, as the target's own start says (it leaves its outcome in a system property
     * that the attach API reads back); bad options are named here and nothing is attached.
     */
    static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || args.length > 3 || !args[1].matches("[0-9]+")) {
            err.println("bodycheck: usage: java -jar bodycheck-agent.jar attach <pid> [key=value,...]"
                    + (args.length >= 2 ? " ('" + args[1] + "' is not a process id)" : ""));
            return 1;
        }
        String pid = args[1];
        String options = args.length == 3 ? args[2] : "";
        List<String> problems = new ArrayList<>();
        Options.parse(options, new Properties(), Libraries.ids(), problems::add);
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.println("bodycheck: not attached to " + pid + ": fix the options above");
            return 2;
        }
        java.io.File jar = BootstrapJar.agentLocation().toFile();
        if (!jar.isFile()) {
            err.println("bodycheck: attach needs the agent jar, not " + jar);
            return 1;
        }
        String notAJvm = notAJvm(pid);
        if (notAJvm != null) {
            err.println("bodycheck: cannot attach to process " + pid + ": " + notAJvm);
            return 1;
        }
        String outcome;
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                outcome = load(vm, jar, options);
            } finally {
                vm.detach();
            }
        } catch (Exception | LinkageError e) {
            err.println(cannotAttach(pid, e));
            return 1;
        }
        if ("started".equals(outcome) || "running".equals(outcome)) {
            out.println("bodycheck: attached to " + pid + (options.isEmpty() ? "" : " with " + options)
                    + ("running".equals(outcome) ? " (it was running already with these options)" : "")
                    + "; bodies created from now on are tracked");
            return 0;
        }
        err.println("bodycheck: not attached to " + pid + ": " + (outcome == null ? "the agent did not start there"
                : outcome.replaceFirst("^refused: ", "")));
        return 3;
    }

    /** Loads the agent into {@code vm}; the outcome its start left there ({@link Startup#OUTCOME_PROPERTY}). */
    static String load(VirtualMachine vm, java.io.File jar, String options) throws Exception {
        vm.loadAgent(jar.getPath(), options);
        return vm.getSystemProperties().getProperty(Startup.OUTCOME_PROPERTY);
    }

    /**
     * Why {@code pid} cannot be a JVM to attach to, found without trying (an attempt on a process that is no JVM
     * waits 10 s for an answer): no such process, or one that the attach API does not list and whose command is
     * no {@code java}; null if it may be one.
     */
    static String notAJvm(String pid) {
        java.util.Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
        if (process.isEmpty() || !process.get().isAlive()) {
            return "no such process";
        }
        try {
            for (com.sun.tools.attach.VirtualMachineDescriptor d : VirtualMachine.list()) {
                if (d.id().equals(pid)) {
                    return null;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return null; // cannot tell: try
        }
        String command = process.get().info().command().orElse("");
        String name = command.substring(command.lastIndexOf('/') + 1);
        if (command.isEmpty() || name.startsWith("java")) {
            return null; // another user's process, or a JVM the attach API does not list (-XX:-UsePerfData): try
        }
        return "it is no Java VM (" + command + "); 'java -jar bodycheck-agent.jar list' shows the JVMs this user"
                + " can attach to";
    }

    /** The line for an attach that failed. */
    static String cannotAttach(String pid, Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return "bodycheck: cannot attach to process " + pid + ": " + cause
                + " (it must be a JVM of this user, started without -XX:+DisableAttachMechanism, and with"
                + " -XX:+EnableDynamicAgentLoading if it was started with that option off)";
    }

    static void usage(PrintStream out) {
        out.println("bodycheck " + version() + " - finds HTTP response bodies that were never closed");
        out.println();
        out.println("Usage:");
        out.println("  java -javaagent:bodycheck-agent.jar[=key=value,key=value...] -jar app.jar");
        out.println("  java -jar bodycheck-agent.jar                      this help");
        out.println("  java -jar bodycheck-agent.jar version              the version");
        out.println("  java -jar bodycheck-agent.jar list                 the JVMs running on this machine");
        out.println("  java -jar bodycheck-agent.jar attach <pid> [opts]  loads the agent into a running JVM");
        out.println("  java -jar bodycheck-agent.jar stats <pid>          its counts (all, per client)");
        out.println("  java -jar bodycheck-agent.jar dump <pid>           its open bodies, with age and site");
        out.println();
        out.println("Options (also as -Dbodycheck.<key>=<value>; the -javaagent argument wins):");
        for (Option o : Option.values()) {
            out.printf("  %-12s %s%n", o.key(), o.meaning());
            out.printf("  %-12s   values: %s; default: %s%n", "", o.allowed(), o.defaultValue());
        }
        out.println();
        out.println("Clients:");
        for (Library l : Libraries.ALL) {
            if (l.isClient()) {
                out.printf("  %-13s %s%n", l.id(), l.description());
            }
        }
        for (Library l : Libraries.ALL) {
            if (!l.isClient()) {
                out.printf("  %s: through %s%n", l.description(), String.join(", ", l.serves()));
            }
        }
    }
}
