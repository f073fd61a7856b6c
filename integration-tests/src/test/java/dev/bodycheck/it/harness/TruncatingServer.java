package dev.bodycheck.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 for connection-level checks. {@code /full}: a 2-byte body, then it
 * closes. Any other path: a head announcing 1 MiB, 64 KiB of it, then it closes its side: a client that
 * holds such a response without reading it keeps a socket in CLOSE_WAIT until it closes it. Each connection
 * serves one request.
 */
public final class TruncatingServer implements AutoCloseable {
    static final int ANNOUNCED = 1024 * 1024;
    static final int SENT = 64 * 1024;

    private final ServerSocket socket;

    public TruncatingServer() {
        try {
            socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread accept = new Thread(this::serve, "truncating-server");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> answer(s), "truncating-exchange");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket s) {
        try (Socket c = s; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            c.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder();
            int matched = 0; // the end of the request head: \r\n\r\n
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                head.append((char) b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            if (head.toString().startsWith("GET /full ")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + ANNOUNCED + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[SENT]);
            }
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
