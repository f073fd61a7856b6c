package dev.bodycheck.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's own HTTP server on 127.0.0.1, a real keep-alive server. It counts requests and the
 * distinct client ports it saw: the connections, counted on the server's side.
 *
 * <p>Paths: {@code /bytes?n=N} (Content-Length), {@code /chunked?n=N} (chunked), {@code /status?code=C},
 * {@code /echo} (the request body back, the request's framing in {@code X-Request-Framing}).
 */
final class LocalHttpServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY the server's separate header and body writes meet the client's delayed
        // ACK: 40 ms per keep-alive exchange. Read once, when the server implementation is first loaded.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // By default it closes a connection going idle when 200 are idle already; our leaked bodies' connections
        // look idle to it until the tracker closes them. Leaks are the subject here, so let them pile up.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    final AtomicLong requests = new AtomicLong();

    LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 100);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "local-http-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The payload of {@code /bytes?n=} and {@code /chunked?n=}: byte i is {@code i % 251}. */
    static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        clientPorts.add(ex.getRemoteAddress().getPort());
        try {
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            int n = query.startsWith("n=") ? Integer.parseInt(query.substring(2)) : 0;
            boolean head = ex.getRequestMethod().equals("HEAD");
            switch (path) {
                case "/bytes": {
                    byte[] body = payload(n);
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    if (head) {
                        ex.sendResponseHeaders(200, -1);
                        return;
                    }
                    ex.sendResponseHeaders(200, n == 0 ? -1 : n);
                    ex.getResponseBody().write(body);
                    return;
                }
                case "/chunked": {
                    byte[] body = payload(n);
                    ex.sendResponseHeaders(200, 0); // 0 means chunked to this server
                    OutputStream out = ex.getResponseBody();
                    for (int off = 0; off < n; off += 7000) {
                        out.write(body, off, Math.min(7000, n - off));
                    }
                    return;
                }
                case "/status": {
                    int code = Integer.parseInt(query.substring("code=".length()));
                    ex.sendResponseHeaders(code, -1);
                    return;
                }
                case "/echo": {
                    byte[] body;
                    try (InputStream in = ex.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
                    ex.getResponseHeaders().set("X-Request-Framing", te != null ? "chunked"
                            : "length " + ex.getRequestHeaders().getFirst("Content-Length"));
                    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
                    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                    ex.getResponseBody().write(body);
                    return;
                }
                default:
                    ex.sendResponseHeaders(404, -1);
            }
        } finally {
            ex.close();
        }
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
