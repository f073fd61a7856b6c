package dev.bodycheck.it.app;

import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Apache HttpClient 5.x classic, compiled against 5.1 (the oldest supported). The pool is larger than
 * the default, since the leak scenarios keep their connections leased for good; compression is off so
 * that each server's framing (Content-Length or chunked) reaches the client as sent.
 */
public final class Apache5Adapter implements ClientAdapter {
    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(50)
                    .setMaxConnTotal(100).build())
            .disableContentCompression().build();

    @Override
    @SuppressWarnings("deprecation") // execute(request) is deprecated in 5.x, not gone, and still the common call
    public Object get(String url) throws Exception {
        CloseableHttpResponse response = client.execute(new HttpGet(url)); Mark.here("request");
        return response;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Object head(String url) throws Exception {
        return client.execute(new org.apache.hc.client5.http.classic.methods.HttpHead(url));
    }

    @Override
    public InputStream stream(Object response) throws Exception {
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
}
