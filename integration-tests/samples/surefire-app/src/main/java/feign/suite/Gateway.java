package feign.suite;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Code under test in a package that begins with a framework's prefix on the built-in list ({@code feign.}), as a
 * library's own test suite has it: each method makes one request and hands the response to its caller to close.
 */
public final class Gateway {
    private static final OkHttpClient CLIENT = new OkHttpClient();

    private Gateway() {
    }

    private static Request get(String path) {
        return new Request.Builder().url(System.getProperty("sample.base") + "/it/suite-" + path).build();
    }

    public static Response orders() throws IOException {
        return CLIENT.newCall(get("orders")).execute(); // SITE orders
    }

    public static Response invoices() throws IOException {
        return CLIENT.newCall(get("invoices")).execute(); // SITE invoices
    }

    public static Response refunds() throws IOException {
        return CLIENT.newCall(get("refunds")).execute(); // SITE refunds
    }

    public static Response status(String who) throws IOException {
        return CLIENT.newCall(get("status-" + who)).execute(); // SITE status
    }
}
