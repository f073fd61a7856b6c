package dev.bodycheck.it.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpHead;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpClient 4.x patterns beyond the generic scenarios: all correct, but the gzip ones in LEAKS. Run as
 * {@code Apache4Patterns <base URL> <resetting server URL> [pattern...]}; each pattern requests {@code /p/<pattern>}
 * and prints {@code OK <pattern>}. Responses are dropped without close unless the
 * pattern is about closing; the agent's collection at exit would find any of them that is still open.
 */
public final class Apache4Patterns {
    public static final String[] ALL = {
        "consume", "to-byte-array", "write-to", "handler", "handler-throws", "release-connection", "abort",
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
        return HttpClients.custom().setMaxConnPerRoute(50).setMaxConnTotal(100).disableContentCompression().build();
    }

    private static CloseableHttpClient newGzipClient() {
        return HttpClients.custom().setMaxConnPerRoute(50).setMaxConnTotal(100).build();
    }

    private Apache4Patterns() {
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
                ResponseHandler<Integer> status = response -> response.getStatusLine().getStatusCode();
                client.execute(new HttpGet(url), status); // the body is never read: the client consumes it
                break;
            }
            case "handler-throws": {
                ResponseHandler<Integer> failing = response -> {
                    throw new IOException("the handler gave up");
                };
                try {
                    client.execute(new HttpGet(url), failing);
                } catch (IOException expected) {
                    // the client consumed the body before passing the exception on
                }
                break;
            }
            case "release-connection": {
                HttpGet get = new HttpGet(url);
                client.execute(get);
                get.releaseConnection(); // the response itself is dropped, unread and unclosed
                break;
            }
            case "abort": {
                HttpGet get = new HttpGet(url);
                client.execute(get).getEntity().getContent().read();
                get.abort();
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
            case "empty":
            case "no-content":
                client.execute(new HttpGet(url)); // dropped: there is nothing to read, nothing is held
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
