package dev.bodycheck.agent;

import dev.bodycheck.runtime.Option;
import java.io.PrintStream;

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
        err.println("bodycheck: unknown command '" + args[0] + "'");
        usage(err);
        return 2;
    }

    static void usage(PrintStream out) {
        out.println("bodycheck " + version() + " - finds HTTP response bodies that were never closed");
        out.println();
        out.println("Usage:");
        out.println("  java -javaagent:bodycheck-agent.jar[=key=value,key=value...] -jar app.jar");
        out.println("  java -jar bodycheck-agent.jar                      this help");
        out.println("  java -jar bodycheck-agent.jar version              the version");
        out.println();
        out.println("Options (also as -Dbodycheck.<key>=<value>; the -javaagent argument wins):");
        for (Option o : Option.values()) {
            out.printf("  %-9s %s%n", o.key(), o.meaning());
            out.printf("  %-9s   values: %s; default: %s%n", "", o.allowed(), o.defaultValue());
        }
        out.println();
        out.println("Clients: jdk (java.net.http.HttpClient), urlconnection (HttpURLConnection), apache4, apache5,");
        out.println("         okhttp (3.x, 4.x, 5.x), reference (dev.bodycheck.transport)");
    }
}
