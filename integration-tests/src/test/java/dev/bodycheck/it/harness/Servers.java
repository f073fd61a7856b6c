package dev.bodycheck.it.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;

/**
 * WireMock on 127.0.0.1: one server frames bodies with Content-Length, the other always chunked; and a
 * raw socket server whose bodies end when it closes the connection. Paths: {@code /it/big-*} 256 KiB,
 * {@code /it/missing-*} a 404 with a body, {@code /it/error-*} a 500 with a body, {@code /it/gzip-*}
 * 256 KiB gzip-encoded, {@code /it/status204-*} and {@code /it/status304-*} no body, {@code /it/cached-*} 4 KiB fresh for 10 minutes, {@code /it/empty-*}
 * {@code Content-Length: 0}, {@code /it/redirect-X} a 302 to {@code /it/redirected-X}; anything else under
 * {@code /it/} 4 KiB. WireMock's own gzip is off: a body is encoded only where a path says so.
 */
public final class Servers implements AutoCloseable {
    public static final int SMALL = 4 * 1024;
    public static final int BIG = 256 * 1024;

    private final WireMockServer fixed = start(Options.ChunkedEncodingPolicy.NEVER);
    private final WireMockServer chunked = start(Options.ChunkedEncodingPolicy.ALWAYS);
    private final CloseDelimitedServer closeDelimited = new CloseDelimitedServer(SMALL);

    private static WireMockServer start(Options.ChunkedEncodingPolicy policy) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .useChunkedTransferEncoding(policy).gzipDisabled(true).disableRequestJournal().containerThreads(20));
        server.start();
        server.stubFor(any(urlPathMatching("/it/.*")).atPriority(9)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withBody("a".repeat(SMALL))));
        server.stubFor(any(urlPathMatching("/it/big-.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withBody("b".repeat(BIG))));
        server.stubFor(any(urlPathMatching("/it/missing-.*")).atPriority(1)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/plain")
                        .withBody("no such thing here\n".repeat(64))));
        server.stubFor(any(urlPathMatching("/it/error-.*")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/plain")
                        .withBody("it broke\n".repeat(128))));
        server.stubFor(any(urlPathMatching("/it/gzip-.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withHeader("Content-Encoding", "gzip").withBody(gzip("g".repeat(BIG)))));
        server.stubFor(any(urlPathMatching("/it/status204-.*")).atPriority(1).willReturn(aResponse().withStatus(204)));
        server.stubFor(any(urlPathMatching("/it/status304-.*")).atPriority(1).willReturn(aResponse().withStatus(304)));
        server.stubFor(any(urlPathMatching("/it/cached-.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withHeader("Cache-Control", "max-age=600").withBody("k".repeat(SMALL))));
        server.stubFor(any(urlPathMatching("/it/empty-.*")).atPriority(1)
                // Content-Length: 0 said outright: left to itself, the server sometimes sends an empty chunked
                // body instead, which is a body to read, not "no payload"
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withHeader("Content-Length", "0").withBody("")));
        for (String name : new String[] {"drop", "eof"}) {
            server.stubFor(any(urlPathMatching("/it/redirect-" + name)).atPriority(0)
                    .willReturn(aResponse().withStatus(302).withHeader("Location", "/it/redirected-" + name)
                            .withHeader("Content-Type", "text/plain").withBody("moved\n".repeat(100))));
        }
        return server;
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Base URL of the Content-Length server, e.g. {@code http://127.0.0.1:41234}. */
    public String fixedBase() {
        return "http://127.0.0.1:" + fixed.port();
    }

    public String chunkedBase() {
        return "http://127.0.0.1:" + chunked.port();
    }

    /** Base URL of the server whose bodies end when it closes the connection (no length, not chunked). */
    public String closeDelimitedBase() {
        return "http://127.0.0.1:" + closeDelimited.port();
    }

    @Override
    public void close() {
        fixed.stop();
        chunked.stop();
        closeDelimited.close();
    }
}
