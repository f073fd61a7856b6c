package dev.bodycheck.it.app;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;

/**
 * Jetty HttpClient 12 with {@code InputStreamResponseListener}, the way its documentation streams a body:
 * send with the listener, wait for the headers, take the stream. The helper is the blocking {@code GET},
 * which buffers the whole body. Redirects are followed and gzip decoded, as by default.
 */
public final class JettyAdapter implements ClientAdapter {
    private final HttpClient client = started(new HttpClient());

    private static HttpClient started(HttpClient client) {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    /** A response and the stream of its body, as the application holds them. */
    private static final class Exchange {
        final Response response;
        final InputStream in;

        Exchange(Response response, InputStream in) {
            this.response = response;
            this.in = in;
        }
    }

    @Override
    public Object get(String url) throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        client.newRequest(url).send(listener); Mark.here("request");
        return new Exchange(listener.get(10, TimeUnit.SECONDS), listener.getInputStream());
    }

    @Override
    public Object head(String url) throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        client.newRequest(url).method("HEAD").send(listener);
        return new Exchange(listener.get(10, TimeUnit.SECONDS), listener.getInputStream());
    }

    @Override
    public InputStream stream(Object response) {
        return ((Exchange) response).in;
    }

    @Override
    public void close(Object response) throws Exception {
        ((Exchange) response).in.close();
    }

    @Override
    public String getWithHelper(String url) throws Exception {
        return client.GET(url).getContentAsString();
    }
}
