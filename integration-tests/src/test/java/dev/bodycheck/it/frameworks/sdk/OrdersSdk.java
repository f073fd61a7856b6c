package dev.bodycheck.it.frameworks.sdk;

import dev.bodycheck.it.frameworks.RetrofitApp;
import java.io.IOException;
import okhttp3.ResponseBody;
import retrofit2.Response;

/** A vendor's SDK between the application and Retrofit: {@code skipPackages} names it so that it is not stack[0]. */
public final class OrdersSdk {
    private OrdersSdk() {
    }

    public static Response<ResponseBody> fetch(RetrofitApp.Api api, String path) throws IOException {
        return api.stream(path).execute(); // the caller closes the body
    }
}
