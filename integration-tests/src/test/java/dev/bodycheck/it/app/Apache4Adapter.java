package dev.bodycheck.it.app;

import java.io.InputStream;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpClient 4.5. The pool is larger than the default 2 per route, since the leak scenarios keep
 * their connections leased for good; compression is off so that each server's framing (Content-Length
 * or chunked) reaches the client as sent.
 */
public final class Apache4Adapter implements ClientAdapter {
    private final CloseableHttpClient client = HttpClients.custom().setMaxConnPerRoute(50).setMaxConnTotal(100)
            .disableContentCompression().build();

    @Override
    public Object get(String url) throws Exception {
        CloseableHttpResponse response = client.execute(new HttpGet(url)); Mark.here("request");
        return response;
    }

    @Override
    public Object head(String url) throws Exception {
        return client.execute(new org.apache.http.client.methods.HttpHead(url));
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
    public String getWithHelper(String url) throws Exception {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            return EntityUtils.toString(response.getEntity());
        }
    }
}
