package dev.bodycheck.it.frameworks;

import dev.bodycheck.it.app.Mark;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The AWS SDK v2's synchronous S3 client against a local S3-compatible endpoint (path-style, static
 * credentials): {@code S3App <endpoint> <case>...}; a case is {@code s3-<transport>-<what>} with transport
 * {@code apache} (Apache HttpClient 4), {@code apache5} or {@code urlconnection}, and gets the object
 * {@code <case>} of the bucket {@code it}, i.e. {@code GET /it/<case>} (a {@code big} one: {@code /it/big-<case>}).
 */
public final class S3App {
    public static void main(String[] args) throws Exception {
        for (int i = 1; i < args.length; i++) {
            run(args[0], args[i]);
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static SdkHttpClient transport(String c) {
        if (c.startsWith("s3-apache-")) {
            return ApacheHttpClient.create();
        }
        if (c.startsWith("s3-apache5-")) {
            return Apache5HttpClient.create();
        }
        if (c.startsWith("s3-urlconnection-")) {
            return UrlConnectionHttpClient.create();
        }
        throw new IllegalArgumentException(c);
    }

    private static void run(String endpoint, String c) throws Exception {
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(transport(c))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .build();
        GetObjectRequest get = GetObjectRequest.builder().bucket("it").key(c.contains("-big-") ? "big-" + c : c).build();
        if (c.endsWith("-big-partly-read-dropped")) {
            // the SDK aborts a stream nobody reads after 60 s; once read from, closing it is the caller's job
            ResponseInputStream<GetObjectResponse> in = s3.getObject(get); Mark.here(c);
            System.out.println(c + " " + in.read(new byte[16])); // 16 bytes of 256 KiB, never closed
        } else if (c.endsWith("-stream-closed")) {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get)) { Mark.here(c);
                System.out.println(c + " " + in.response().contentLength());
            }
        } else if (c.endsWith("-as-bytes")) {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(get); Mark.here(c);
            System.out.println(c + " " + bytes.asByteArray().length);
        } else {
            throw new IllegalArgumentException(c);
        }
    }
}
