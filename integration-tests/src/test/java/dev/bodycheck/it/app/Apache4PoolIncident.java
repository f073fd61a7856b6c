package dev.bodycheck.it.app;

import java.io.InputStream;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.BasicHttpClientConnectionManager;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * The pool-exhaustion incident with Apache HttpClient 4.x: 2 connections per route, 1 s to wait for one.
 * {@code leak}: a health check peeks at the body and never closes it; the third check times out waiting
 * for the pool. {@code closed}: the same check closes the body, and 100 checks run on the 2 connections.
 * {@code single}: the single-connection manager, whose second request fails at once.
 * {@code dropped N}: N such checks in a row, which
 * {@code reclaim=true} lets through. Run as {@code Apache4PoolIncident <url> leak|closed|single|dropped N}.
 */
public final class Apache4PoolIncident {
    private Apache4PoolIncident() {
    }

    public static void main(String[] args) throws Exception {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(2);
        pool.setDefaultMaxPerRoute(2);
        CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(1000).build()).build();
        String url = args[0];
        if (args[1].equals("single")) {
            single(url);
        } else if (args[1].equals("dropped")) {
            dropped(client, url, Integer.parseInt(args[2]));
        } else if (args[1].equals("leak")) {
            for (int i = 1; i <= 3; i++) {
                try {
                    leakyCheck(client, url);
                } catch (ConnectionPoolTimeoutException e) {
                    System.err.println("TIMEOUT at check " + i + ": " + e);
                    System.out.println("TIMEOUT at check " + i);
                    break;
                }
            }
        } else {
            for (int i = 1; i <= 100; i++) {
                closedCheck(client, url);
            }
            System.out.println("OK 100 checks, pool " + pool.getTotalStats());
        }
        System.exit(0);
    }

    /** {@code n} leaky checks in a row on the pool of 2: with {@code reclaim=true}, none times out. */
    private static void dropped(CloseableHttpClient client, String url, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            try {
                leakyCheck(client, url);
            } catch (ConnectionPoolTimeoutException e) {
                System.err.println("TIMEOUT at check " + i + ": " + e);
                System.out.println("TIMEOUT at check " + i);
                return;
            }
        }
        System.out.println("OK " + n + " dropped");
    }

    /** The single-connection manager does not wait: the second request fails at once. */
    private static void single(String url) throws Exception {
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(new BasicHttpClientConnectionManager()).build();
        for (int i = 1; i <= 2; i++) {
            try {
                leakyCheck(client, url);
            } catch (IllegalStateException e) {
                System.err.println("STILL ALLOCATED at check " + i + ": " + e);
                System.out.println("STILL ALLOCATED at check " + i);
                break;
            }
        }
    }

    private static void leakyCheck(CloseableHttpClient client, String url) throws Exception {
        CloseableHttpResponse response = client.execute(new HttpGet(url)); Mark.here("leaky-check");
        response.getEntity().getContent().read(new byte[16]); // a peek at the body, never closed
    }

    private static void closedCheck(CloseableHttpClient client, String url) throws Exception {
        try (CloseableHttpResponse response = client.execute(new HttpGet(url));
                InputStream in = response.getEntity().getContent()) {
            in.read(new byte[16]);
        }
    }
}
