package dev.bodycheck.demo.clients;

import java.io.IOException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpClient 4 with a pool of {@code poolPerRoute} connections: a response that is neither
 * consumed nor closed keeps its connection leased, so the pool runs dry after that many beats and
 * every further beat fails with "Timeout waiting for connection from pool".
 */
final class Apache4Beat implements BeatClient {
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final String url;

    Apache4Beat(BeatSettings settings) {
        pool = new PoolingHttpClientConnectionManager();
        pool.setDefaultMaxPerRoute(settings.poolPerRoute());
        pool.setMaxTotal(settings.poolPerRoute());
        int timeout = (int) settings.timeout().toMillis();
        RequestConfig config = RequestConfig.custom()
                .setConnectionRequestTimeout((int) settings.poolWait().toMillis())
                .setConnectTimeout(timeout)
                .setSocketTimeout(timeout)
                .build();
        client = HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(config).build();
        url = settings.url().toString();
    }

    @Override
    public int leakyBeat() throws IOException {
        CloseableHttpResponse response = client.execute(new HttpGet(url)); // the incident: never closed
        return response.getStatusLine().getStatusCode();
    }

    @Override
    public int fixedBeat() throws IOException {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            EntityUtils.consume(response.getEntity()); // read to EOF: the connection goes back to the pool
            return response.getStatusLine().getStatusCode();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
