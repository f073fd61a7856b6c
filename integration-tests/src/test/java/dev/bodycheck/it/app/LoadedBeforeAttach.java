package dev.bodycheck.it.app;

import dev.bodycheck.BodyCheck;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp's body class holds its record in a field when it is woven at its load (with {@code -javaagent}, or
 * loaded after an attach), and is found through the identity table when it was loaded before the agent came
 * (argument {@code attach}: one request read whole, then {@link BodyCheck#install()}). Either way a dropped body
 * is one leak at its line and a body closed before its end none.
 */
public final class LoadedBeforeAttach {
    private static final String BODY_SOURCE = "okhttp3.internal.connection.Exchange$ResponseBodySource";

    private LoadedBeforeAttach() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        OkHttpClient client = new OkHttpClient();
        if (args[1].equals("attach")) {
            try (Response r = client.newCall(new Request.Builder().url(base + "/it/before").build()).execute()) {
                System.out.println("BEFORE " + r.body().string().length());
            }
        }
        BodyCheck.install(); // attaches the agent, or (with -javaagent) only starts watching for leaks
        client.newCall(new Request.Builder().url(base + "/it/dropped").build()).execute(); Mark.here("dropped");
        try (Response r = client.newCall(new Request.Builder().url(base + "/it/closed").build()).execute()) {
            System.out.println("READ ONE " + (r.body().byteStream().read() >= 0));
        }
        boolean holds = false;
        for (Class<?> i : Class.forName(BODY_SOURCE).getInterfaces()) {
            holds |= i.getName().equals("dev.bodycheck.runtime.HasBodyRef");
        }
        System.out.println("HOLDS RECORD " + holds);
        try {
            BodyCheck.assertNoLeaks();
            System.out.println("NO LEAK SEEN");
        } catch (AssertionError e) {
            System.out.println("CAUGHT " + e.getMessage().lines().findFirst().orElse(""));
        }
        System.out.println("STATS " + BodyCheck.stats());
    }
}
