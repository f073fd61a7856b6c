package dev.bodycheck.it.app;

import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.util.Timeout;

/**
 * The pool-exhaustion incident with Apache HttpClient 5.x classic: 2 connections per route, 1 s to wait
 * for one. {@code leak}: a health check peeks at the body and never closes it; the third check times
 * out waiting for the pool. {@code closed}: the same check closes the body, and 100 checks run on the 2
 * connections. {@code single}: the single-connection manager, whose second request fails at once.
 * {@code retries N}: the same, then N more requests, each failing at once on the connection still allocated.
 * {@code dropped N}: N such checks in a row, which {@code reclaim=true} lets through.
 * Run as {@code Apache5PoolIncident <url> leak|closed|single|retries N|dropped N}.
 */
@SuppressWarnings("deprecation") // execute(request) is deprecated in 5.x, not gone, and still the common call
public final class Apache5PoolIncident {
    private Apache5PoolIncident() {
    }

    public static void main(String[] args) throws Exception {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(2).setMaxConnPerRoute(2).build();
        CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(1)).build()).build();
        String url = args[0];
        if (args[1].equals("single")) {
            single(url);
        } else if (args[1].equals("retries")) {
            retries(url, Integer.parseInt(args[2]));
        } else if (args[1].equals("dropped")) {
            dropped(client, url, Integer.parseInt(args[2]));
        } else if (args[1].equals("leak")) {
            for (int i = 1; i <= 3; i++) {
                try {
                    leakyCheck(client, url);
                } catch (ConnectionRequestTimeoutException e) {
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
            } catch (ConnectionRequestTimeoutException e) {
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

    /** One leak that keeps the single connection allocated, then {@code n} requests that each fail at once. */
    private static void retries(String url, int n) throws Exception {
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(new BasicHttpClientConnectionManager()).build();
        leakyCheck(client, url);
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                leakyCheck(client, url);
            } catch (IllegalStateException e) {
                failed++;
            }
        }
        System.out.println("FAILED " + failed + " of " + n);
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
