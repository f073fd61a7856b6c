package dev.bodycheck.it.frameworks;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.bodycheck.it.app.Mark;

/**
 * The Google HTTP client on its {@code NetHttpTransport} (HttpURLConnection):
 * {@code GoogleHttpApp <base URL> <case>...}; each case requests {@code /it/<case>}.
 */
public final class GoogleHttpApp {
    public static void main(String[] args) throws Exception {
        HttpRequestFactory requests = new NetHttpTransport().createRequestFactory();
        for (int i = 1; i < args.length; i++) {
            run(requests, args[0], args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void run(HttpRequestFactory requests, String base, String c) throws Exception {
        GenericUrl url = new GenericUrl(base + "/it/" + c);
        if (c.endsWith("-never-disconnected")) {
            HttpResponse r = requests.buildGetRequest(url).execute(); Mark.here(c);
            System.out.println(c + " " + r.getStatusCode()); // neither read, nor disconnect()
        } else if (c.endsWith("-disconnected")) {
            HttpResponse r = requests.buildGetRequest(url).execute(); Mark.here(c);
            r.disconnect();
        } else if (c.endsWith("-parse-as-string")) {
            String s = requests.buildGetRequest(url).execute().parseAsString(); Mark.here(c);
            System.out.println(c + " " + s.length());
        } else {
            throw new IllegalArgumentException(c);
        }
    }
}
