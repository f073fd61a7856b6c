package dev.bodycheck.it.frameworks;

import dev.bodycheck.it.app.Mark;
import dev.bodycheck.it.frameworks.sdk.OrdersSdk;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.http.GET;
import retrofit2.http.Path;
import retrofit2.http.Streaming;

/** Retrofit over OkHttp: {@code RetrofitApp <base URL> <case>...}; each case requests {@code /it/<case>}. */
public final class RetrofitApp {
    public interface Api {
        @Streaming
        @GET("it/{path}")
        Call<ResponseBody> stream(@Path("path") String path);

        /** Without {@code @Streaming}, Retrofit reads the whole body and closes it before returning. */
        @GET("it/{path}")
        Call<ResponseBody> buffered(@Path("path") String path);
    }

    public static void main(String[] args) throws Exception {
        Api api = new Retrofit.Builder().baseUrl(args[0] + "/").client(new OkHttpClient()).build().create(Api.class);
        for (int i = 1; i < args.length; i++) {
            run(api, args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void run(Api api, String c) throws Exception {
        switch (c) {
            case "retrofit-streaming-execute": {
                Response<ResponseBody> r = api.stream(c).execute(); Mark.here(c);
                System.out.println(c + " " + r.code()); // the body is never closed
                break;
            }
            case "retrofit-streaming-execute-closed": {
                Response<ResponseBody> r = api.stream(c).execute(); Mark.here(c);
                r.body().close();
                break;
            }
            case "retrofit-streaming-enqueue":
            case "retrofit-streaming-enqueue-closed": {
                CountDownLatch done = new CountDownLatch(1);
                boolean close = c.endsWith("-closed");
                api.stream(c).enqueue(new Callback<ResponseBody>() { @Override public void onResponse(Call<ResponseBody> call, Response<ResponseBody> r) { if (close) { r.body().close(); } done.countDown(); } @Override public void onFailure(Call<ResponseBody> call, Throwable t) { t.printStackTrace(); done.countDown(); } }); Mark.here(c);
                if (!done.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no response for " + c);
                }
                break;
            }
            case "retrofit-sdk-streaming-execute": {
                Response<ResponseBody> r = OrdersSdk.fetch(api, c); Mark.here(c);
                System.out.println(c + " " + r.code()); // the body is never closed
                break;
            }
            case "retrofit-buffered-execute": {
                Response<ResponseBody> r = api.buffered(c).execute(); Mark.here(c);
                System.out.println(c + " " + r.code()); // buffered by Retrofit: nothing left open
                break;
            }
            default:
                throw new IllegalArgumentException(c);
        }
    }
}
