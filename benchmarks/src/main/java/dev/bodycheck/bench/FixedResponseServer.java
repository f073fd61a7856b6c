package dev.bodycheck.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The fastest server there is for a client benchmark: on 127.0.0.1, keep-alive, every request answered
 * with the same 1 KiB Content-Length response as soon as its head ends. One thread per connection.
 */
final class FixedResponseServer implements AutoCloseable {
    static final int BODY = 1024;
    private static final byte[] RESPONSE;

    static {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        RESPONSE = new byte[head.length + BODY];
        System.arraycopy(head, 0, RESPONSE, 0, head.length);
        java.util.Arrays.fill(RESPONSE, head.length, RESPONSE.length, (byte) 'x');
    }

    private final ServerSocket server;

    FixedResponseServer() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "bench-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/bench";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "bench-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Answers at each blank line ending a request head (GETs only: no request bodies). */
    private static void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
            OutputStream out = s.getOutputStream();
            int run = 0;
            for (int b; (b = in.read()) >= 0; ) {
                run = b == '\n' ? run + 1 : (b == '\r' ? run : 0);
                if (run == 2) {
                    out.write(RESPONSE);
                    run = 0;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
