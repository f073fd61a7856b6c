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
        String outcome;
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgent(jar.getPath(), options);
                outcome = vm.getSystemProperties().getProperty(Startup.OUTCOME_PROPERTY);
            } finally {
                vm.detach();
            }
        } catch (Exception | LinkageError e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            err.println("bodycheck: cannot attach to process " + pid + ": " + cause
                    + " (is it a running JVM of this user? JDK 21+ may need -XX:+EnableDynamicAgentLoading)");
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

    static void usage(PrintStream out) {
        out.println("bodycheck " + version() + " - finds HTTP response bodies that were never closed");
        out.println();
        out.println("Usage:");
        out.println("  java -javaagent:bodycheck-agent.jar[=key=value,key=value...] -jar app.jar");
        out.println("  java -jar bodycheck-agent.jar                      this help");
        out.println("  java -jar bodycheck-agent.jar version              the version");
        out.println("  java -jar bodycheck-agent.jar list                 the JVMs running on this machine");
        out.println("  java -jar bodycheck-agent.jar attach <pid> [opts]  loads the agent into a running JVM");
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
