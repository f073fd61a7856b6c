package dev.bodycheck.it.app;

import dev.bodycheck.runtime.Tracker;

/**
 * What a leaked body costs in sockets, with {@code reclaim} on and then off. {@code ReclaimSockets <adapter>
 * <truncating server base> <port> <leaks>}: the agent runs with {@code reclaim=true}. {@code leaks} GETs of
 * a response the server truncates and closes are dropped unread; once their sockets are in CLOSE_WAIT, a
 * collection finds the leaks. Then the same with {@code reclaim} switched off at run time. Each phase
 * prints {@code BEFORE} (the dropped ones, before the collection) and {@code AFTER}, as differences from
 * the census taken before it ({@link SocketCensus}). Each phase drops from its own line: its own site. The
 * responses are held until {@code BEFORE} is counted, and dropped then.
 */
public final class ReclaimSockets {
    private ReclaimSockets() {
    }

    public static void main(String[] args) throws Exception {
        ClientAdapter client = (ClientAdapter) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        String base = args[1];
        int port = Integer.parseInt(args[2]);
        int leaks = Integer.parseInt(args[3]);
        System.out.println("WARM-UP " + client.getWithHelper(base + "/full")); // classes loaded, connection closed
        for (boolean reclaim : new boolean[] {true, false}) {
            Tracker.reclaim(reclaim);
            String phase = reclaim ? "on" : "off";
            System.gc();
            SocketCensus start = SocketCensus.when(port, c -> c.closeWait() == 0 || !reclaim, 2000);
            // held until the census: a collection while it polls (it allocates) would find the leaks, and with
            // reclaim their sockets would be closed before they were counted
            java.util.List<Object> held = new java.util.ArrayList<>();
            for (int i = 0; i < leaks; i++) {
                if (reclaim) {
                    held.add(client.get(base + "/truncated-on")); Mark.here("leak-on"); // dropped unread
                } else {
                    held.add(client.get(base + "/truncated-off")); Mark.here("leak-off"); // dropped unread
                }
            }
            // the two tables are read one after the other: wait (bounded) until they agree
            SocketCensus before = SocketCensus.when(port, c -> c.closeWait() - start.closeWait() == leaks
                    && c.fds() - start.fds() == leaks, 5000);
            System.out.println("BEFORE " + phase + " " + before.since(start));
            held.clear(); // now dropped
            Tracker.collect(3000);
            // a library may close the socket on its own thread: wait (bounded) for what reclaim promises
            SocketCensus after = reclaim ? SocketCensus.when(port, c -> c.open() == start.open(), 5000)
                    : SocketCensus.take(port);
            System.out.println("AFTER " + phase + " " + after.since(start));
        }
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("dev.bodycheck:type=BodyTracker");
        for (int i = 0; i < 100 && !jmx.isRegistered(name); i++) {
            Thread.sleep(20); // registered off the application's thread, after the first request
        }
        System.out.println("JMX Reclaimed " + jmx.getAttribute(name, "Reclaimed"));
        System.exit(0);
    }
}
