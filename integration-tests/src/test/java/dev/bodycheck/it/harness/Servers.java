package dev.bodycheck.it.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;

/**
 * WireMock on 127.0.0.1: one server frames bodies with Content-Length, the other always chunked.
 * Paths: {@code /it/big-*} 256 KiB, {@code /it/missing-*} a 404 with a body, anything else under
 * {@code /it/} 4 KiB.
 */
public final class Servers implements AutoCloseable {
    public static final int SMALL = 4 * 1024;
    public static final int BIG = 256 * 1024;

    private final WireMockServer fixed = start(Options.ChunkedEncodingPolicy.NEVER);
    private final WireMockServer chunked = start(Options.ChunkedEncodingPolicy.ALWAYS);

    private static WireMockServer start(Options.ChunkedEncodingPolicy policy) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .useChunkedTransferEncoding(policy).disableRequestJournal().containerThreads(20));
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
        return server;
    }

    /** Base URL of the Content-Length server, e.g. {@code http://127.0.0.1:41234}. */
    public String fixedBase() {
        return "http://127.0.0.1:" + fixed.port();
    }

    public String chunkedBase() {
        return "http://127.0.0.1:" + chunked.port();
    }

    @Override
    public void close() {
        fixed.stop();
        chunked.stop();
    }
}
