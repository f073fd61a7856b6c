package dev.bodycheck.it.app;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Consumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpAsyncClient 5.6: streams through the classic API over it ({@code ClassicToAsyncAdaptor}, 5.5 and
 * later, made by name: the program compiles against 5.1); the asynchronous call is {@code execute} with the
 * buffering {@code SimpleResponseConsumer}. The pool is larger than the default, as for the classic client.
 */
public final class Apache5AsyncAdapter implements ClientAdapter {
    /**
     * Set by single-threaded programs ({@link Scenarios}): {@link #get} returns a small body once the pool has
     * as many connections leased as before the request. Under load, other threads' leases make that no test.
     */
    static final boolean AWAIT_READ_AHEAD = Boolean.getBoolean("it.awaitReadAhead");

    private final PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(50).setMaxConnTotal(100).build();
    private final CloseableHttpAsyncClient async = started(HttpAsyncClients.custom().setConnectionManager(pool).build());
    private final CloseableHttpClient client = classicOver(async);

    private static CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
        client.start();
        return client;
    }

    private static CloseableHttpClient classicOver(CloseableHttpAsyncClient async) {
        try {
            return (CloseableHttpClient) Class.forName("org.apache.hc.client5.http.impl.compat.ClassicToAsyncAdaptor")
                    .getConstructor(CloseableHttpAsyncClient.class, Timeout.class).newInstance(async, Timeout.ofSeconds(30));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @SuppressWarnings("deprecation") // execute(request) is deprecated in 5.x, not gone, and still the common call
    public Object get(String url) throws Exception {
        int leased = pool.getTotalStats().getLeased();
        CloseableHttpResponse response = client.execute(new HttpGet(url)); Mark.here("request");
        long length = response.getEntity() == null ? 0 : response.getEntity().getContentLength();
        if (AWAIT_READ_AHEAD && length <= 64 * 1024) { // -1: not known
            // the I/O reactor reads a small body whole and lets its connection go: a scenario that drops it is to
            // drop it read ahead, never while the reactor still reads (a collection then finds it pinned)
            for (int i = 0; i < 400 && pool.getTotalStats().getLeased() > leased; i++) {
                Thread.sleep(5);
            }
        }
        return response;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Object head(String url) throws Exception {
        return client.execute(new HttpHead(url));
    }

    @Override
    public InputStream stream(Object response) throws Exception {
        if (response instanceof SimpleHttpResponse) {
            return new ByteArrayInputStream(((SimpleHttpResponse) response).getBodyBytes());
        }
        return ((CloseableHttpResponse) response).getEntity().getContent();
    }

    @Override
    public void close(Object response) throws Exception {
        ((CloseableHttpResponse) response).close();
    }

    @Override
    @SuppressWarnings("deprecation")
    public String getWithHelper(String url) throws Exception {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            return EntityUtils.toString(response.getEntity());
        }
    }

    @Override
    public boolean getAsync(String url, Consumer<Object> onResponse) {
        async.execute(SimpleRequestBuilder.get(url).build(), new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                onResponse.accept(response);
            }

            @Override
            public void failed(Exception e) {
                e.printStackTrace();
            }

            @Override
            public void cancelled() {
            }
        }); Mark.here("async-request");
        return true;
    }
}
