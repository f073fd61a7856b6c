package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.BeatSettings;
import dev.bodycheck.demo.clients.ClientKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Replays the heartbeat incident: a service pings another every few milliseconds, looks at the status and
 * drops the response without closing its body. With each HTTP client in turn, a leaky loop, the same loop
 * with the agent's {@code reclaim} switched on (through {@code Tracker.reclaim(boolean)}, so that all three
 * loops share one JVM and one server), and the loop fixed, against an embedded server; then a table of
 * what each loop left behind, and what the agent reported, that fits 100 columns ({@code --verbose}: every
 * count; {@code --machine}: one {@code RESULT} line per loop as well).
 */
public final class Demo {
    /** Short, so that the server closes leaked connections within the loop and CLOSE_WAIT shows. */
    static final Duration SERVER_IDLE_TIMEOUT = Duration.ofMillis(300);
    static final int POOL_PER_ROUTE = 2;
    static final Duration POOL_WAIT = Duration.ofMillis(100);
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    /** Held: JUL keeps loggers weakly, and a collected logger would lose its filter. */
    private static final Logger OKHTTP_LOG = Logger.getLogger("okhttp3.OkHttpClient");

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    static int run(PrintStream out, String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.BadUsage e) {
            System.err.println("bodycheck demo: " + e.getMessage());
            System.err.println(Options.usage());
            return 2;
        }
        if (options.help()) {
            out.println(Options.usage());
            return 0;
        }
        String chartProblem = options.chart() == null ? null : SocketChart.cannotWrite(options.chart());
        if (chartProblem != null) { // before the loops, not after them
            System.err.println("bodycheck demo: cannot write the chart " + options.chart() + ": " + chartProblem);
            return 2;
        }
        AgentTracker agent = AgentTracker.find();
        ResultTable.wrap(out, "", "The heartbeat incident: a service pinged another every few milliseconds, looked at"
                + " the status and dropped each response without closing its body. Each dropped body kept its"
                + " connection, until sockets piled up in CLOSE_WAIT and the connection pool ran dry.");
        if (agent != null) {
            out.println("bodycheck demo: agent attached; its LEAK: reports appear in this application's log (SLF4J).");
        } else {
            ResultTable.wrap(out, "", "bodycheck demo: agent NOT attached: the damage shows below, but nothing reports"
                    + " it. Run it with java -javaagent:agent/target/bodycheck-agent.jar -jar"
                    + " demo-app/target/bodycheck-demo.jar");
        }
        out.flush();
        SLF4JBridgeHandler.removeHandlersForRootLogger(); // JUL (OkHttp's own leak warning) into the same log
        SLF4JBridgeHandler.install();
        OKHTTP_LOG.setFilter(new RepeatFilter());

        try (HeartbeatServer server = new HeartbeatServer(SERVER_IDLE_TIMEOUT)) {
            ResultTable.wrap(out, "", String.format("heartbeat server %s (closes connections idle for %d ms); %d beats"
                    + " every %d ms per loop; Apache pools: %d connections per route, %d ms wait", server.url(),
                    SERVER_IDLE_TIMEOUT.toMillis(), options.beats(), options.interval().toMillis(), POOL_PER_ROUTE,
                    POOL_WAIT.toMillis()));
            if (!SocketCensus.available()) {
                out.println("(no /proc/self here: sockets, CLOSE_WAIT and descriptors are n/a)");
            }
            out.println();
            BeatSettings settings = new BeatSettings(server.url(), POOL_PER_ROUTE, POOL_WAIT, CLIENT_TIMEOUT);
            HeartbeatLoop loop = new HeartbeatLoop(server, agent, settings, new Progress(out), options.beats(),
                    options.interval());
            List<LoopResult> results = new ArrayList<>();
            for (ClientKind kind : options.clients()) {
                if (options.leaky()) {
                    results.add(loop.run(kind, Loop.LEAKY));
                    if (agent != null) { // reclaim is the agent's
                        results.add(loop.run(kind, Loop.RECLAIMED));
                    }
                }
                if (options.fixed()) {
                    results.add(loop.run(kind, Loop.FIXED));
                }
            }
            ResultTable.print(out, results, agent != null, options.verbose(), options.machine());
            if (options.chart() != null) {
                String subtitle = String.format("%d beats every %d ms per loop; the server closes connections idle for"
                        + " %d ms; Apache pools hold %d connections per route", options.beats(),
                        options.interval().toMillis(), SERVER_IDLE_TIMEOUT.toMillis(), POOL_PER_ROUTE);
                SocketChart.write(options.chart(), SocketCensus.available() ? results : List.of(), subtitle);
                out.println("chart: " + options.chart());
            }
            out.flush();
            return 0;
        } catch (Exception e) {
            System.err.println("bodycheck demo: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }
}
