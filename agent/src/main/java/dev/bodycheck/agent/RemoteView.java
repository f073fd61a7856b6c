package dev.bodycheck.agent;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code stats <pid>} and {@code dump <pid>}: a running JVM's counts and open bodies, read from the agent's JMX
 * view there through the attach API's local JMX connector (no port, no jconsole). The agent is loaded first if it
 * does not run there; the exit codes are those of {@code attach}.
 */
final class RemoteView {
    private static final String VIEW = "dev.bodycheck:type=BodyTracker";
    /** The view is registered within 100 ms of the platform MBean server, once the target made a request. */
    private static final long VIEW_WAIT_MILLIS = 3000;
    private static final String[] COUNTS = {"Opened", "Consumed", "Closed", "Leaked", "Ignored", "Reclaimed", "Open"};

    private RemoteView() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args[0];
        if (args.length != 2 || !args[1].matches("[0-9]+")) {
            err.println("bodycheck: usage: java -jar bodycheck-agent.jar " + command + " <pid>"
                    + (args.length >= 2 ? " ('" + args[1] + "' is not a process id)" : ""));
            return 1;
        }
        String pid = args[1];
        String notAJvm = Cli.notAJvm(pid);
        if (notAJvm != null) {
            err.println("bodycheck: cannot attach to process " + pid + ": " + notAJvm);
            return 1;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (Exception | LinkageError e) {
            err.println(Cli.cannotAttach(pid, e));
            return 1;
        }
        try {
            String outcome = vm.getSystemProperties().getProperty(Startup.OUTCOME_PROPERTY);
            boolean justAttached = !"started".equals(outcome) && !"running".equals(outcome);
            if (justAttached) {
                File jar = BootstrapJar.agentLocation().toFile();
                if (!jar.isFile()) {
                    err.println("bodycheck: " + command + " needs the agent jar, not " + jar);
                    return 1;
                }
                outcome = Cli.load(vm, jar, "");
                if (!"started".equals(outcome) && !"running".equals(outcome)) {
                    err.println("bodycheck: the agent does not run in " + pid + ": " + (outcome == null
                            ? "it did not start there" : outcome.replaceFirst("^refused: ", "")));
                    return 3;
                }
                out.println("bodycheck: attached to " + pid + "; bodies created from now on are tracked");
            }
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName view = new ObjectName(VIEW);
                boolean registered = justAttached ? server.isRegistered(view) : awaitView(server, view);
                if (command.equals("stats")) {
                    stats(pid, server, registered ? view : null, out);
                } else {
                    out.println(registered ? server.invoke(view, "dumpOpen", new Object[0], new String[0])
                            : "0 open response bodies (no request tracked yet)");
                }
            }
            return 0;
        } catch (Exception | LinkageError e) {
            err.println("bodycheck: cannot read the JMX view of process " + pid + ": " + e);
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (java.io.IOException ignored) {
                // the target is gone: nothing to release
            }
        }
    }

    /**
     * Whether the view is registered: the agent registers it within 100 ms of the platform MBean server, which
     * starting the management agent has just created, once the target has made its first tracked request.
     */
    private static boolean awaitView(MBeanServerConnection server, ObjectName view) throws Exception {
        long deadline = System.nanoTime() + VIEW_WAIT_MILLIS * 1_000_000;
        while (!server.isRegistered(view)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** One line for all clients, then one per client that opened a body. */
    private static void stats(String pid, MBeanServerConnection server, ObjectName view, PrintStream out)
            throws Exception {
        if (view == null) {
            out.println("bodycheck in process " + pid + ": no request tracked yet: opened=0 consumed=0 closed=0"
                    + " leaked=0 ignored=0 reclaimed=0 open=0");
            return;
        }
        out.println("bodycheck in process " + pid + ": " + counts(server, view) + " internalErrors="
                + server.getAttribute(view, "InternalErrors"));
        Set<String> clients = new TreeSet<>();
        for (ObjectName n : server.queryNames(new ObjectName(VIEW + ",client=*"), null)) {
            clients.add(n.getKeyProperty("client"));
        }
        List<String> lines = new ArrayList<>();
        for (String client : clients) {
            ObjectName n = new ObjectName(VIEW + ",client=" + client);
            if (((Number) server.getAttribute(n, "Opened")).longValue() > 0) {
                lines.add("  " + client + ": " + counts(server, n));
            }
        }
        lines.forEach(out::println);
    }

    private static String counts(MBeanServerConnection server, ObjectName name) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String attribute : COUNTS) {
            sb.append(sb.length() > 0 ? " " : "").append(Character.toLowerCase(attribute.charAt(0)))
                    .append(attribute.substring(1)).append('=').append(server.getAttribute(name, attribute));
        }
        return sb.toString();
    }
}
