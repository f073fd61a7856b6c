package dev.bodycheck.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.http.trafficlistener.WiremockNetworkTrafficListener;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service the heartbeat calls: an embedded WireMock on 127.0.0.1 answering a small JSON body. Like
 * most servers and load balancers, it closes a connection that stays idle for a short while: a leaked
 * connection is idle forever, so the server closes its side, and the client side, never closed, sits
 * in CLOSE_WAIT holding a file descriptor. It counts the connections it accepts.
 */
final class HeartbeatServer implements AutoCloseable {
    static final String PATH = "/heartbeat";
    static final String BODY = "{\"status\":\"up\",\"service\":\"billing\"}";

    private final WireMockServer server;
    private final AtomicLong accepted = new AtomicLong();
    private final Duration idleTimeout;

    HeartbeatServer(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .jettyIdleTimeout(idleTimeout.toMillis())
                .containerThreads(20)
                .disableRequestJournal() // the demo makes many requests and looks at none of them later
                .notifier(new ConsoleNotifier(false))
                .networkTrafficListener(new AcceptCounter()));
        server.start();
        server.stubFor(get(urlEqualTo(PATH)).willReturn(okJson(BODY)));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + PATH);
    }

    int port() {
        return server.port();
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** Connections accepted since start. */
    long accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class AcceptCounter implements WiremockNetworkTrafficListener {
        @Override
        public void opened(Socket socket) {
            accepted.incrementAndGet();
        }

        @Override
        public void incoming(Socket socket, ByteBuffer bytes) {
        }

        @Override
        public void outgoing(Socket socket, ByteBuffer bytes) {
        }

        @Override
        public void closed(Socket socket) {
        }
    }
}
