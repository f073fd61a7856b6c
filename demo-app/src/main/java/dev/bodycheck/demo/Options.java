package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.ClientKind;
import dev.bodycheck.demo.clients.ClientKinds;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The demo's command line. A bad flag is a {@link BadUsage}: the demo prints usage and exits with 2. */
record Options(List<ClientKind> clients, int beats, Duration interval, boolean leaky, boolean fixed, Path chart,
        boolean verbose, boolean machine, boolean help) {

    static final int DEFAULT_BEATS = 20;
    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);

    static final class BadUsage extends Exception {
        BadUsage(String message) {
            super(message);
        }
    }

    static String usage() {
        String ids = ClientKinds.all().stream().map(ClientKind::id).collect(Collectors.joining(","));
        return String.join("\n",
                "usage: java -javaagent:bodycheck-agent.jar -jar bodycheck-demo.jar [options]",
                "",
                "Replays the heartbeat incident with each HTTP client: a loop that ignores each response (leaky),",
                "the same loop with the agent's reclaim=true (reclaimed; only with the agent attached), then the",
                "loop with each body read and closed (fixed), against an embedded server on 127.0.0.1.",
                "",
                "  --client ID[,ID...]  clients to run (default all): " + ids,
                "  --beats N            heartbeats per loop (default " + DEFAULT_BEATS + ")",
                "  --interval MS        milliseconds between heartbeats (default " + DEFAULT_INTERVAL.toMillis() + ")",
                "  --leaky-only         run only the leaky loops (leaky and reclaimed)",
                "  --fixed-only         run only the fixed loops",
                "  --chart FILE         write an SVG chart of this process's open sockets over time",
                "  --verbose            the wide table (CLOSE_WAIT, descriptors) and every detail",
                "  --machine            also one RESULT line per loop, for scripts",
                "  --help               print this and exit");
    }

    static Options parse(String... args) throws BadUsage {
        List<ClientKind> clients = ClientKinds.all();
        int beats = DEFAULT_BEATS;
        Duration interval = DEFAULT_INTERVAL;
        boolean leakyOnly = false;
        boolean fixedOnly = false;
        Path chart = null;
        boolean verbose = false;
        boolean machine = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) { // --beats=6 as well as --beats 6
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> {
                    return new Options(clients, beats, interval, true, true, chart, false, false, true);
                }
                case "--client", "--clients" -> clients = clients(value != null ? value : next(args, ++i, arg));
                case "--beats" -> beats = number(value != null ? value : next(args, ++i, arg), arg, 1, 100_000);
                case "--interval" -> interval = Duration.ofMillis(
                        number(strip(value != null ? value : next(args, ++i, arg)), arg, 0, 60_000));
                case "--leaky-only" -> leakyOnly = true;
                case "--fixed-only" -> fixedOnly = true;
                case "--chart" -> chart = Paths.get(value != null ? value : next(args, ++i, arg));
                case "--verbose", "-v" -> verbose = true;
                case "--machine" -> machine = true;
                default -> throw new BadUsage("unknown option: " + args[i]);
            }
            if (value != null && List.of("--leaky-only", "--fixed-only", "--verbose", "--machine").contains(arg)) {
                throw new BadUsage(arg + " takes no value");
            }
        }
        if (leakyOnly && fixedOnly) {
            throw new BadUsage("--leaky-only and --fixed-only exclude each other");
        }
        return new Options(clients, beats, interval, !fixedOnly, !leakyOnly, chart, verbose, machine, false);
    }

    private static String next(String[] args, int i, String flag) throws BadUsage {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new BadUsage(flag + " needs a value");
        }
        return args[i];
    }

    private static String strip(String millis) {
        return millis.endsWith("ms") ? millis.substring(0, millis.length() - 2) : millis;
    }

    private static int number(String text, String flag, int min, int max) throws BadUsage {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < min || n > max) {
                throw new BadUsage(flag + " must be between " + min + " and " + max + ", not " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadUsage(flag + " needs a whole number, not '" + text + "'");
        }
    }

    private static List<ClientKind> clients(String list) throws BadUsage {
        List<ClientKind> chosen = new ArrayList<>();
        for (String id : list.split(",")) {
            ClientKind kind = ClientKinds.byId(id.trim());
            if (kind == null) {
                String ids = ClientKinds.all().stream().map(ClientKind::id).collect(Collectors.joining(", "));
                throw new BadUsage("unknown client '" + id.trim() + "' (known: " + ids + ")");
            }
            if (!chosen.contains(kind)) {
                chosen.add(kind);
            }
        }
        return List.copyOf(chosen);
    }
}
