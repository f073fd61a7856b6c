package dev.bodycheck.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What an on-call engineer meets: a response kept in a collection (never closed, never collected),
 * leaks from a loop, and the agent's JMX view read from inside the process.
 * {@code Operations <base URL> <mode>}; modes: {@code hold} (keep one, leak three, print JMX),
 * {@code wait <flag file>} (print READY, wait for the flag file, then leak one: for attach), {@code keep <flag
 * file>} (keep one, leak three, print READY once the report file {@code it.report} holds the three leaks, wait for
 * the flag file: for stats and dump, which read JMX from outside), {@code unwatched}
 * (one request, then wait for a platform MBean server that nobody here creates), {@code scrape <port>}
 * (keep one, leak three, wait until JMX counts them, then print the {@code bodycheck_} lines of the Prometheus
 * JMX exporter's page on that port, read over a plain socket so that no tracked client reads it).
 */
public final class Operations {
    static final List<Response> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        OkHttpClient client = new OkHttpClient();
        switch (args[1]) {
            case "hold":
                KEPT.add(client.newCall(new Request.Builder().url(base + "/it/kept").build()).execute());
                for (int i = 0; i < 3; i++) {
                    leak(client, base + "/it/loop");
                }
                System.gc(); // the dropped ones are found now, well before openWarn; the kept one is not
                Thread.sleep(Long.parseLong(args[2]));
                printJmx();
                break;
            case "wait":
                Path flag = Paths.get(args[2]);
                System.out.println("READY");
                System.out.flush();
                for (int i = 0; i < 600 && !Files.exists(flag); i++) {
                    Thread.sleep(50);
                }
                leak(client, base + "/it/after-attach");
                break;
            case "keep":
                KEPT.add(client.newCall(new Request.Builder().url(base + "/it/kept").build()).execute());
                for (int i = 0; i < 3; i++) {
                    leak(client, base + "/it/loop");
                }
                Path report = Paths.get(System.getProperty("it.report"));
                for (int i = 0; i < 200 && leaksIn(report) < 3; i++) {
                    System.gc();
                    Thread.sleep(50);
                }
                System.out.println("READY " + leaksIn(report));
                System.out.flush();
                Path done = Paths.get(args[2]);
                for (int i = 0; i < 1200 && !Files.exists(done); i++) {
                    Thread.sleep(50);
                }
                break;
            case "unwatched":
                // nobody reads JMX here: the agent must not create the platform MBean server at once, only later
                client.newCall(new Request.Builder().url(base + "/it/ok").build()).execute().close();
                long start = System.nanoTime();
                Thread.sleep(1000);
                System.out.println("SERVERS AFTER 1 S " + MBeanServerFactory.findMBeanServer(null).size());
                while (MBeanServerFactory.findMBeanServer(null).isEmpty() && System.nanoTime() - start < 30_000_000_000L) {
                    Thread.sleep(50);
                }
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName tracker = new ObjectName("dev.bodycheck:type=BodyTracker");
                for (int i = 0; i < 100 && !server.isRegistered(tracker); i++) {
                    Thread.sleep(20); // the server exists; the view is registered right after
                }
                System.out.println("SERVER AFTER S " + (System.nanoTime() - start) / 1_000_000_000L);
                System.out.println("JMX Opened " + server.getAttribute(tracker, "Opened"));
                break;
            case "scrape":
                KEPT.add(client.newCall(new Request.Builder().url(base + "/it/kept").build()).execute());
                for (int i = 0; i < 3; i++) {
                    leak(client, base + "/it/loop");
                }
                awaitLeaked("okhttp", 3);
                scrape(Integer.parseInt(args[2]));
                break;
            default:
                throw new IllegalArgumentException(args[1]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void leak(OkHttpClient client, String url) throws Exception {
        client.newCall(new Request.Builder().url(url).build()).execute(); Mark.here("leak");
    }

    private static long leaksIn(Path report) throws Exception {
        return Files.exists(report) ? Files.readAllLines(report).stream().filter(l -> l.contains("\"event\":\"leak\""))
                .count() : 0;
    }

    /** Collects until the client's MBean counts {@code n} leaks (at most 10 s). */
    private static void awaitLeaked(String client, long n) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.bodycheck:type=BodyTracker,client=" + client);
        for (int i = 0; i < 200; i++) {
            if (server.isRegistered(name) && (Long) server.getAttribute(name, "Leaked") >= n) {
                return;
            }
            System.gc();
            Thread.sleep(50);
        }
        throw new AssertionError("the MBean never counted " + n + " leaks");
    }

    private static void scrape(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("bodycheck_")) {
                    System.out.println("METRIC " + line);
                }
            }
        }
    }

    private static void printJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.bodycheck:type=BodyTracker");
        for (int i = 0; i < 100 && !server.isRegistered(name); i++) {
            Thread.sleep(20); // registered off the application's thread, after the first request
        }
        for (String attribute : new String[] {"Opened", "Consumed", "Closed", "Leaked", "Reclaimed", "Open",
                "InternalErrors"}) {
            System.out.println("JMX " + attribute + " " + server.getAttribute(name, attribute));
        }
        StringBuilder byClient = new StringBuilder();
        for (Object row : ((TabularData) server.getAttribute(name, "OpenByClient")).values()) {
            CompositeData entry = (CompositeData) row;
            byClient.append(entry.get("key")).append('=').append(entry.get("value")).append(' ');
        }
        System.out.println("JMX OpenByClient " + byClient.toString().trim());
        System.out.println("DUMP " + ((String) server.invoke(name, "dumpOpen", null, null)).replace("\n", "\nDUMP "));
    }
}
