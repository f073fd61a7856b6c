package dev.bodycheck.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty's {@code HttpClient}: {@code responseConnection} hands the response's connection out unread,
 * as an application that streams the body later does; the stream is the inbound read through a blocking
 * iterator, closing it cancels the inbound; closing the response disposes the connection. The helper is
 * {@code responseSingle(.. asString())}, which the library reads whole and discards itself.
 */
public final class ReactorNettyAdapter implements ClientAdapter {
    private final HttpClient client = HttpClient.create().followRedirect(true);
    /**
     * Where the receiver puts the connection. Not a variable the receiver captures, nor the value it emits: the
     * library keeps both reachable from the connection while the body is open (see docs/clients.md).
     */
    private static final AtomicReference<Connection> LAST = new AtomicReference<>();

    private static Connection taken() {
        return LAST.getAndSet(null);
    }

    @Override
    public Object get(String url) {
        client.get().uri(url).responseConnection((res, conn) -> { LAST.set(conn); return Mono.just(res.status()); }).blockLast(); Mark.here("request");
        return taken();
    }

    @Override
    public Object head(String url) {
        client.head().uri(url).responseConnection((res, conn) -> { LAST.set(conn); return Mono.just(res.status()); }).blockLast();
        return taken();
    }

    @Override
    public InputStream stream(Object response) {
        return new ChunkStream(((Connection) response).inbound().receive().asByteArray().toStream(1));
    }

    @Override
    public void close(Object response) {
        ((Connection) response).dispose();
    }

    @Override
    public String getWithHelper(String url) {
        return client.get().uri(url).responseSingle((res, body) -> body.asString()).block();
    }

    @Override
    public boolean getAsync(String url, Consumer<Object> onResponse) {
        // handed on off the event loop, where a blocking read of the body is not allowed
        client.get().uri(url).responseConnection((res, conn) -> { Schedulers.boundedElastic().schedule(() -> onResponse.accept(conn)); return Mono.just(res.status()); }).subscribe(); Mark.here("async-request");
        return true;
    }

    /** The body's chunks as one stream; close cancels the inbound. */
    private static final class ChunkStream extends InputStream {
        private final Stream<byte[]> chunks;
        private final Iterator<byte[]> it;
        private byte[] chunk = new byte[0];
        private int pos;

        ChunkStream(Stream<byte[]> chunks) {
            this.chunks = chunks;
            this.it = chunks.iterator();
        }

        private boolean fill() {
            while (pos == chunk.length) {
                if (!it.hasNext()) {
                    return false;
                }
                chunk = it.next();
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            chunks.close();
        }
    }
}
