package dev.bodycheck.it.app;

import dev.bodycheck.BodyCheck;
import dev.bodycheck.transport.Transport;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Started without -javaagent, the agent jar on the class path: uses the reference transport and the test
 * API before {@link BodyCheck#install()} attaches the agent, then leaks an OkHttp body and a transport
 * body. Both must be found: loading those classes first must not have made a second runtime.
 */
public final class TransportFirst {
    private TransportFirst() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Transport transport = Transport.create();
        System.out.println("BEFORE " + transport.get(base + "/it/before-attach").body().string().length());
        System.out.println("STARTED " + System.getProperty("dev.bodycheck.agent"));
        BodyCheck.install();
        OkHttpClient client = new OkHttpClient();
        client.newCall(new Request.Builder().url(base + "/it/okhttp-after").build()).execute(); Mark.here("okhttp");
        transport.get(base + "/it/reference-after"); Mark.here("reference");
        try {
            BodyCheck.assertNoLeaks();
            System.out.println("NO LEAK SEEN");
        } catch (AssertionError e) { // naming UnclosedBodyError here would load it before the agent is there
            System.out.println("CAUGHT " + e.getClass().getName() + " from "
                    + (e.getClass().getClassLoader() == null ? "the bootstrap loader" : e.getClass().getClassLoader())
                    + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        System.out.println("STATS " + BodyCheck.stats());
    }
}
