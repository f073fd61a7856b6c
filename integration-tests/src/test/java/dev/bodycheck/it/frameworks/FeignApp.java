package dev.bodycheck.it.frameworks;

import dev.bodycheck.it.app.Mark;
import feign.Client;
import feign.Feign;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;
import feign.hc5.ApacheHttp5Client;
import feign.okhttp.OkHttpClient;

/**
 * OpenFeign on its default client (HttpURLConnection), OkHttp and Apache HttpClient 5:
 * {@code FeignApp <base URL> <case>...}; a case is {@code feign-<transport>-<what>} and requests
 * {@code /it/<case>} (4 KiB), a {@code big} one {@code /it/big-<case>} (256 KiB).
 */
public final class FeignApp {
    public interface Api {
        @RequestLine("GET /it/{path}")
        Response raw(@Param("path") String path);

        /** Asks for the body uncompressed, so that its length is known. */
        @RequestLine("GET /it/{path}")
        @Headers("Accept-Encoding: identity")
        Response rawIdentity(@Param("path") String path);

        @RequestLine("GET /it/{path}")
        String text(@Param("path") String path);
    }

    public static void main(String[] args) throws Exception {
        for (int i = 1; i < args.length; i++) {
            run(args[0], args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static Client transport(String c) {
        if (c.startsWith("feign-okhttp-")) {
            return new OkHttpClient();
        }
        if (c.startsWith("feign-hc5-")) {
            return new ApacheHttp5Client();
        }
        return new Client.Default(null, null);
    }

    private static void run(String base, String c) throws Exception {
        Api api = Feign.builder().client(transport(c)).target(Api.class, base);
        String what = c.substring(c.indexOf('-', "feign-".length()) + 1);
        String path = what.startsWith("big-") ? "big-" + c : what.startsWith("small-compressed") ? "gzip-" + c : c;
        switch (what) {
            case "big-response-dropped": {
                // a body over Feign's 8 KiB buffer is handed over open: the caller must close the Response
                Response r = api.raw(path); Mark.here(c);
                System.out.println(c + " " + r.status());
                break;
            }
            case "big-response-closed": {
                try (Response r = api.raw(path)) { Mark.here(c);
                    System.out.println(c + " " + r.status());
                }
                break;
            }
            case "small-response-dropped": {
                // a small body of known length is read into memory by Feign, which closes the original
                Response r = api.rawIdentity(path); Mark.here(c);
                System.out.println(c + " " + r.status());
                break;
            }
            case "small-compressed-response-dropped": {
                // served gzip-encoded, small on the wire: OkHttp and Apache 5 unpack it, so the length is unknown
                // and Feign hands the body over open; HttpURLConnection unpacks nothing: buffered as above
                Response r = api.raw(path); Mark.here(c);
                System.out.println(c + " " + r.status());
                break;
            }
            case "string": {
                String s = api.text(path); Mark.here(c);
                System.out.println(c + " " + s.length());
                break;
            }
            default:
                throw new IllegalArgumentException(c);
        }
    }
}
