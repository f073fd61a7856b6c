package dev.bodycheck.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server on 127.0.0.1 that promises a 100 000-byte body, sends 2 KiB of it, then resets the connection
 * (RST, not FIN): the client's read fails part-way, as when a server or proxy dies mid-response.
 */
public final class ResettingServer implements AutoCloseable {
    private final ServerSocket server;

    public ResettingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "resetting-server");
        t.setDaemon(true);
        t.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                readRequestHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write("r".repeat(2048).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
                s.setSoLinger(true, 0); // close now sends RST
            } catch (IOException | InterruptedException e) {
                // closed, or the client went away first: next connection
            }
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
