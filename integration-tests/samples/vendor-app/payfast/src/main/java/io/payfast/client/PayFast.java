package io.payfast.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A payment provider's client: charges over OkHttp, receipts streamed over the JDK client; the caller closes both. */
public final class PayFast {
    private final OkHttpClient okhttp = new OkHttpClient();
    private final HttpClient jdk = HttpClient.newHttpClient();
    private final String base;

    public PayFast(String base) {
        this.base = base;
    }

    public Response charge(String id) throws IOException {
        return send(new Request.Builder().url(base + "/it/payfast-charge-" + id).build());
    }

    private Response send(Request request) throws IOException {
        return okhttp.newCall(request).execute();
    }

    public HttpResponse<InputStream> receipt(String id) throws IOException, InterruptedException {
        return jdk.send(HttpRequest.newBuilder(URI.create(base + "/it/big-payfast-receipt-" + id)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
