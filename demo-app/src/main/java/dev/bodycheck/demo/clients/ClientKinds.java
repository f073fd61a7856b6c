package dev.bodycheck.demo.clients;

import java.util.List;

/**
 * Every library the demo runs, in the order it runs them. Adding a library is one {@link BeatClient}
 * class and one line here: ids are the agent's client ids ({@code clients=} option, reports).
 */
public final class ClientKinds {
    private static final List<ClientKind> ALL = all(
            new ClientKind("okhttp", "OkHttp 4", OkHttpBeat::new),
            new ClientKind("apache4", "Apache HttpClient 4", Apache4Beat::new),
            new ClientKind("apache5", "Apache HttpClient 5", Apache5Beat::new),
            new ClientKind("jdk", "JDK HttpClient (ofInputStream)", JdkHttpClientBeat::new),
            new ClientKind("urlconnection", "HttpURLConnection", UrlConnectionBeat::new),
            new ClientKind("reference", "bodycheck reference transport", ReferenceBeat::new, true));

    /** The reference transport ships in the agent jar: without the agent it is not there to run. */
    private static List<ClientKind> all(ClientKind... kinds) {
        List<ClientKind> list = new java.util.ArrayList<>(List.of(kinds));
        if (!ReferenceBeat.available()) {
            list.removeIf(k -> k.id().equals("reference"));
        }
        return List.copyOf(list);
    }

    private ClientKinds() {
    }

    public static List<ClientKind> all() {
        return ALL;
    }

    /** The kind with this id, or null. */
    public static ClientKind byId(String id) {
        for (ClientKind kind : ALL) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        return null;
    }
}
