package dev.bodycheck.it.app;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JDK clients' own body shapes: {@code ofLines}, {@code ofPublisher}, the handlers the client
 * consumes itself, and {@code HttpURLConnection.disconnect()}. {@code JdkPatterns <base URL> <pattern>...};
 * each pattern requests {@code /it/<pattern>} (or {@code /it/big-<pattern>}).
 */
public final class JdkPatterns {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        for (int i = 1; i < args.length; i++) {
            run(base, args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static HttpRequest get(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + "/it/" + path)).build();
    }

    private static void run(String base, String pattern) throws Exception {
        switch (pattern) {
            case "lines-drop":
                CLIENT.send(get(base, pattern), BodyHandlers.ofLines()); Mark.here(pattern);
                break;
            case "lines-try-with-resources": {
                HttpResponse<Stream<String>> r = CLIENT.send(get(base, "big-" + pattern), BodyHandlers.ofLines());
                try (Stream<String> lines = r.body()) {
                    lines.findFirst();
                }
                break;
            }
            case "lines-counted":
                CLIENT.send(get(base, pattern), BodyHandlers.ofLines()).body().count();
                break;
            case "publisher-drop":
                CLIENT.send(get(base, pattern), BodyHandlers.ofPublisher()); Mark.here(pattern);
                break;
            case "publisher-consumed":
                consume(CLIENT.send(get(base, "big-" + pattern), BodyHandlers.ofPublisher()).body());
                break;
            case "string":
                CLIENT.send(get(base, pattern), BodyHandlers.ofString());
                break;
            case "byte-array":
                CLIENT.send(get(base, pattern), BodyHandlers.ofByteArray());
                break;
            case "discarding":
                CLIENT.send(get(base, pattern), BodyHandlers.discarding());
                break;
            case "stream-closed-early": {
                InputStream in = CLIENT.send(get(base, "big-" + pattern), BodyHandlers.ofInputStream()).body();
                in.read(new byte[10]);
                in.close();
                break;
            }
            case "urlconnection-disconnect": {
                HttpURLConnection c = (HttpURLConnection) new URL(base + "/it/big-" + pattern).openConnection();
                c.getInputStream().read(new byte[10]);
                c.disconnect();
                break;
            }
            case "urlconnection-error-drop": {
                HttpURLConnection c = (HttpURLConnection) new URL(base + "/it/missing-" + pattern).openConnection();
                int status = c.getResponseCode(); Mark.here(pattern); // reads the response head: the body is made
                if (status != 404 || c.getErrorStream() == null) {
                    throw new IllegalStateException("expected a 404 with a body");
                }
                break; // the error stream is dropped unread
            }
            default:
                throw new IllegalArgumentException(pattern);
        }
    }

    private static void consume(Flow.Publisher<List<ByteBuffer>> publisher) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("publisher never completed");
        }
    }
}
