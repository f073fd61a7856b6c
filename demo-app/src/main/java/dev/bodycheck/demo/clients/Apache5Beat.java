package dev.bodycheck.demo.clients;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 classic with a pool of {@code poolPerRoute} connections. The leaky beat uses the
 * {@code execute(request)} that returns a response to close (deprecated since 5.2 for exactly this
 * reason, and still everywhere in code written against 4.x habits).
 */
final class Apache5Beat implements BeatClient {
    private final CloseableHttpClient client;
    private final String url;

    Apache5Beat(BeatSettings settings) {
        Timeout timeout = Timeout.of(settings.timeout());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(settings.poolPerRoute())
                .setMaxConnTotal(settings.poolPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        .build())
                .build();
        RequestConfig config = RequestConfig.custom()
                .setConnectionRequestTimeout(settings.poolWait().toMillis(), TimeUnit.MILLISECONDS)
                .build();
        client = HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(config).build();
        url = settings.url().toString();
    }

    @Override
    @SuppressWarnings("deprecation") // the incident's API on purpose
    public int leakyBeat() throws IOException {
        CloseableHttpResponse response = client.execute(new HttpGet(url)); // the incident: never closed
        return response.getCode();
    }

    @Override
    @SuppressWarnings("deprecation")
    public int fixedBeat() throws IOException {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            EntityUtils.consume(response.getEntity()); // read to EOF: the connection goes back to the pool
            return response.getCode();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
