package com.shop;

import io.payfast.client.PayFast;
import java.io.InputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** {@code Checkout <base URL>}: three responses dropped (two through the vendor's client), each beside its twin. */
public final class Checkout {
    private Checkout() {
    }

    public static void main(String[] args) throws Exception {
        PayFast pay = new PayFast(args[0]);
        pay.charge("dropped"); // LEAK vendor-okhttp
        try (Response r = pay.charge("closed")) {
            System.out.println("charged " + r.code());
        }
        pay.receipt("dropped"); // LEAK vendor-jdk
        try (InputStream in = pay.receipt("read").body()) {
            System.out.println("receipt " + in.readAllBytes().length);
        }
        OkHttpClient direct = new OkHttpClient();
        direct.newCall(new Request.Builder().url(args[0] + "/it/shop-direct-dropped").build()).execute(); // LEAK direct
        try (Response r = direct.newCall(new Request.Builder().url(args[0] + "/it/shop-direct-read").build()).execute()) {
            System.out.println("direct " + r.body().string().length());
        }
        System.out.println("DONE");
    }
}
