package dev.bodycheck.it.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
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
 * {@code wait <flag file>} (print READY, wait for the flag file, then leak one: for attach).
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
            default:
                throw new IllegalArgumentException(args[1]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void leak(OkHttpClient client, String url) throws Exception {
        client.newCall(new Request.Builder().url(url).build()).execute(); Mark.here("leak");
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
