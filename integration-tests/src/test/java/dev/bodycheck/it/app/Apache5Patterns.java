package dev.bodycheck.it.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * Apache HttpClient 5.x classic patterns beyond the generic scenarios: all correct, but the gzip ones in LEAKS
 * and a dropped empty body with httpcore5 5.3 and later (see ApachePatternsIT). Compiled against 5.1. Run as
 * {@code Apache5Patterns <base URL> <resetting server URL> [pattern...]}; each pattern requests {@code /p/<pattern>} and prints {@code OK <pattern>}.
 */
@SuppressWarnings("deprecation") // execute(request) is deprecated in 5.x, not gone, and still the common call
public final class Apache5Patterns {
    public static final String[] ALL = {
        "consume", "to-byte-array", "write-to", "handler", "handler-throws", "cancel", "close-immediate",
        "reset-mid-read", "empty", "no-content", "head", "gzip-to-string", "gzip-drop", "gzip-partial",
        "minimal-to-string", "minimal-drop"
    };
    /** The patterns that must be reported: gzip (a wrapped entity), and the minimal client. */
    public static final String[] LEAKS = {"gzip-drop", "gzip-partial", "minimal-drop"};

    /** Made in main: the test JVM reads ALL without making a client. */
    private static CloseableHttpClient client;
    /** With the client's default content compression: the body arrives gzipped, the entity is wrapped. */
    private static CloseableHttpClient gzipClient;
    /** {@code HttpClients.createMinimal()}: no exec chain (4.x MinimalClientExec, 5.x MinimalHttpClient). */
    private static CloseableHttpClient minimalClient;

    private static CloseableHttpClient newClient() {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(50)
                        .setMaxConnTotal(100).build())
                .disableContentCompression().build();
    }

    private static CloseableHttpClient newGzipClient() {
        return HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(50).setMaxConnTotal(100).build()).build();
    }

    private Apache5Patterns() {
    }

    public static void main(String[] args) throws Exception {
        client = newClient();
        gzipClient = newGzipClient();
        minimalClient = HttpClients.createMinimal();
        for (int i = 2; i < args.length; i++) {
            String url = (args[i].equals("reset-mid-read") ? args[1] : args[0]) + "/p/" + args[i];
            run(args[i], url);
            System.out.println("OK " + args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void run(String pattern, String url) throws Exception {
        switch (pattern) {
            case "consume":
                EntityUtils.consume(client.execute(new HttpGet(url)).getEntity());
                break;
            case "to-byte-array":
                EntityUtils.toByteArray(client.execute(new HttpGet(url)).getEntity());
                break;
            case "write-to":
                client.execute(new HttpGet(url)).getEntity().writeTo(new ByteArrayOutputStream());
                break;
            case "handler": {
                HttpClientResponseHandler<Integer> status = response -> response.getCode();
                client.execute(new HttpGet(url), status); // the body is never read: the client consumes it
                break;
            }
            case "handler-throws": {
                HttpClientResponseHandler<Integer> failing = response -> {
                    throw new IOException("the handler gave up");
                };
                try {
                    client.execute(new HttpGet(url), failing);
                } catch (IOException expected) {
                    // the client consumed the body before passing the exception on
                }
                break;
            }
            case "cancel": {
                HttpGet get = new HttpGet(url);
                client.execute(get).getEntity().getContent().read();
                get.cancel(); // the response itself is dropped, unclosed
                break;
            }
            case "close-immediate": {
                CloseableHttpResponse response = client.execute(new HttpGet(url));
                Object r = response;
                if (r instanceof ModalCloseable) { // 5.4 and later
                    ((ModalCloseable) r).close(CloseMode.IMMEDIATE);
                } else {
                    response.close();
                }
                break;
            }
            case "reset-mid-read": {
                CloseableHttpResponse response = client.execute(new HttpGet(url));
                InputStream in = response.getEntity().getContent();
                try {
                    while (in.read(new byte[1024]) >= 0) {
                        // the server resets the connection part-way
                    }
                    throw new IllegalStateException("the server did not reset the connection");
                } catch (IOException expected) {
                    in.close();
                }
                break;
            }
            case "empty": // dropped: pins nothing up to httpcore5 5.2; from 5.3 on it holds its connection
            case "no-content": // no entity at all: pins nothing
                client.execute(new HttpGet(url));
                break;
            case "head":
                client.execute(new HttpHead(url));
                break;
            case "gzip-to-string":
                EntityUtils.toString(gzipClient.execute(new HttpGet(url)).getEntity());
                break;
            case "gzip-drop":
                gzipClient.execute(new HttpGet(url)); Mark.here("gzip-drop");
                break;
            case "gzip-partial":
                gzipClient.execute(new HttpGet(url)).getEntity().getContent().read(new byte[10]);
                break;
            case "minimal-to-string":
                EntityUtils.toString(minimalClient.execute(new HttpGet(url)).getEntity());
                break;
            case "minimal-drop":
                minimalClient.execute(new HttpGet(url)); Mark.here("minimal-drop");
                break;
            default:
                throw new IllegalArgumentException("no pattern " + pattern);
        }
    }
}
