package feign.example;

import feign.Client;
import feign.Feign;
import feign.Param;
import feign.RequestLine;
import feign.Response;

/**
 * An application whose package begins with Feign's ({@code feign.}, on the built-in list of frameworks), loaded
 * from a class directory, calling Feign from its jar: {@code Orders <base URL>}. One response is dropped, its twin
 * closed; both bodies are over Feign's 8 KiB buffer, so Feign hands them over open.
 */
public final class Orders {
    interface Api {
        @RequestLine("GET /it/{path}")
        Response get(@Param("path") String path);
    }

    private Orders() {
    }

    public static void main(String[] args) {
        Api api = Feign.builder().client(new Client.Default(null, null)).target(Api.class, args[0]);
        api.get("big-feign-example-dropped"); // LEAK feign-example
        try (Response r = api.get("big-feign-example-closed")) {
            System.out.println("closed " + r.status());
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
