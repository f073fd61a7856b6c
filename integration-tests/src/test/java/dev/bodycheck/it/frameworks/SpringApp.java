package dev.bodycheck.it.frameworks;

import dev.bodycheck.it.app.Mark;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Spring's {@code RestClient} and {@code RestTemplate} on the three request factories:
 * {@code SpringApp <base URL> <case>...}; a case is {@code spring-<api>-<factory>-<what>} with factory
 * {@code simple} (HttpURLConnection), {@code hc5} (Apache HttpClient 5) or {@code jdk}
 * ({@code java.net.http}), and requests {@code /it/<case>}.
 */
public final class SpringApp {
    public static void main(String[] args) throws Exception {
        for (int i = 1; i < args.length; i++) {
            run(args[0], args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static ClientHttpRequestFactory factory(String c) {
        if (c.contains("-simple-")) {
            return new SimpleClientHttpRequestFactory();
        }
        if (c.contains("-hc5-")) {
            return new HttpComponentsClientHttpRequestFactory();
        }
        if (c.contains("-jdk-")) {
            return new JdkClientHttpRequestFactory();
        }
        throw new IllegalArgumentException(c);
    }

    private static void run(String base, String c) throws Exception {
        ClientHttpRequestFactory factory = factory(c);
        String url = base + "/it/" + c;
        if (c.startsWith("spring-restclient-")) {
            RestClient client = RestClient.builder().requestFactory(factory).build();
            if (c.endsWith("-exchange-open")) {
                // exchange(.., close=false): the body is the caller's to close, and this one never is
                InputStream body = client.get().uri(url).exchange((request, response) -> response.getBody(), false); Mark.here(c);
                System.out.println(c + " " + body.read());
            } else if (c.endsWith("-exchange-closed")) {
                InputStream body = client.get().uri(url).exchange((request, response) -> response.getBody(), false); Mark.here(c);
                body.close();
            } else if (c.endsWith("-retrieve")) {
                String s = client.get().uri(url).retrieve().body(String.class); Mark.here(c);
                System.out.println(c + " " + s.length());
            } else {
                throw new IllegalArgumentException(c);
            }
        } else if (c.startsWith("spring-resttemplate-")) {
            RestTemplate template = new RestTemplate(factory);
            if (c.endsWith("-factory-open")) {
                // the template's request factory used directly for a streaming download, never closed
                ClientHttpResponse response = template.getRequestFactory().createRequest(URI.create(url), HttpMethod.GET).execute(); Mark.here(c);
                System.out.println(c + " " + response.getStatusCode().value() + " " + response.getBody().read());
            } else if (c.endsWith("-execute")) {
                // execute closes the response once the extractor returns, read or not
                Integer status = template.execute(url, HttpMethod.GET, null, response -> response.getStatusCode().value()); Mark.here(c);
                System.out.println(c + " " + status);
            } else if (c.endsWith("-get")) {
                String s = template.getForObject(url, String.class); Mark.here(c);
                System.out.println(c + " " + s.length());
            } else {
                throw new IllegalArgumentException(c);
            }
        } else {
            throw new IllegalArgumentException(c);
        }
    }
}
