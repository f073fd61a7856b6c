package dev.bodycheck.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw {@link ServerSocket} on 127.0.0.1 that answers with exactly the bytes a test scripts, including
 * malformed ones, stalls and early closes. One thread per connection; {@link #close()} ends them all.
 */
final class ScriptedServer implements AutoCloseable {
    /** What one accepted connection does. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** The server's end of one connection. */
    static final class Peer {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** The next request head (up to the empty line, request bodies with Content-Length skipped); null at EOF. */
        String readRequest() throws IOException {
            String s = readHead();
            if (s == null) {
                return null;
            }
            for (String line : s.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
            return s;
        }

        /** The next request head, up to the empty line, and nothing of its body; null at EOF. */
        String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        void write(String s) throws IOException {
            write(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** True if the client closed (EOF or reset) within {@code millis}. */
        boolean clientClosesWithin(int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true;
            }
        }
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> {
                        try (Socket own = s) {
                            script.run(new Peer(own));
                        } catch (SocketException closedByTest) {
                            // the client or close() ended it
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, "scripted-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server that answers every request on a connection with {@code response}. */
    static ScriptedServer answering(String response) throws IOException {
        return new ScriptedServer(peer -> {
            while (peer.readRequest() != null) {
                peer.write(response);
            }
        });
    }

    /** A server that answers one request with {@code response}, then closes the connection. */
    static ScriptedServer answeringOnceThenClosing(String response) throws IOException {
        return new ScriptedServer(peer -> {
            if (peer.readRequest() != null) {
                peer.write(response);
            }
        });
    }

    /**
     * A server that answers one request on a connection with {@code response}, then reads the next request and
     * closes without an answer: the pooled connection is alive whenever the client looks, and fails only once a
     * request is sent on it, however long the client waited.
     */
    static ScriptedServer answeringOnceThenDroppingTheNext(String response) throws IOException {
        return new ScriptedServer(peer -> {
            if (peer.readRequest() != null) {
                peer.write(response);
                peer.readRequest();
            }
        });
    }

    /** A server that answers one request with {@code response}, then keeps the connection open, silent. */
    static ScriptedServer answeringOnceThenStalling(String response) throws IOException {
        return new ScriptedServer(peer -> {
            if (peer.readRequest() != null) {
                peer.write(response);
                peer.clientClosesWithin(10_000);
            }
        });
    }

    /** A keep-alive server answering {@code GET /bytes?n=N} with N bytes of {@link LocalHttpServer#payload}. */
    static ScriptedServer servingBytes() throws IOException {
        java.util.Map<String, byte[]> cache = new java.util.concurrent.ConcurrentHashMap<>();
        return new ScriptedServer(peer -> {
            for (String head; (head = peer.readRequest()) != null; ) {
                String path = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/"));
                peer.write(cache.computeIfAbsent(path, p -> {
                    int n = Integer.parseInt(p.substring(p.indexOf("n=") + 2));
                    byte[] head2 = ("HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    byte[] all = java.util.Arrays.copyOf(head2, head2.length + n);
                    System.arraycopy(LocalHttpServer.payload(n), 0, all, head2.length, n);
                    return all;
                }));
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
