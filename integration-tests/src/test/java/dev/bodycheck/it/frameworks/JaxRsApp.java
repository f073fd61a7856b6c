package dev.bodycheck.it.frameworks;

import dev.bodycheck.it.app.Mark;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;

/**
 * A JAX-RS client (Jersey's on its default HttpURLConnection connector, or whichever implementation is on
 * the class path): {@code JaxRsApp <base URL> <case>...}; each case requests {@code /it/<case>}.
 */
public final class JaxRsApp {
    public static void main(String[] args) throws Exception {
        Client client = ClientBuilder.newClient();
        System.out.println("JAXRS " + client.getClass().getName());
        for (int i = 1; i < args.length; i++) {
            run(client, args[0], args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void run(Client client, String base, String c) {
        String url = base + "/it/" + c;
        if (c.endsWith("-response-dropped")) {
            Response r = client.target(url).request().get(); Mark.here(c);
            System.out.println(c + " " + r.getStatus()); // never closed, entity never read
        } else if (c.endsWith("-response-closed")) {
            try (Response r = client.target(url).request().get()) { Mark.here(c);
                System.out.println(c + " " + r.getStatus());
            }
        } else if (c.endsWith("-read-entity")) {
            String s = client.target(url).request().get().readEntity(String.class); Mark.here(c);
            System.out.println(c + " " + s.length());
        } else if (c.endsWith("-get-string")) {
            String s = client.target(url).request().get(String.class); Mark.here(c);
            System.out.println(c + " " + s.length());
        } else {
            throw new IllegalArgumentException(c);
        }
    }
}
