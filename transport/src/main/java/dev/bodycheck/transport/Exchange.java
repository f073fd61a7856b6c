package dev.bodycheck.transport;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

/**
 * One request and the head of its response on one leased connection. It ends by handing the connection
 * to the response body (which gives it back), or back to the pool at once when there is no body. On
 * failure it leaves the connection to the caller, who discards it.
 */
final class Exchange {
    /** A server sending 1xx responses forever must not keep us reading forever. */
    private static final int MAX_INTERIM_RESPONSES = 16;
    /** Writes up to this size fit in the socket buffers and cannot block for long: no watchdog for them. */
    private static final int WATCHDOG_ABOVE_BYTES = 64 * 1024;

    private Exchange() {
    }

    static Response run(Connection c, Request request, ConnectionPool pool, Limits limits) throws IOException {
        c.activity("while sending", request);
        write(c, request);

        c.activity("while waiting for the response to", request);
        long receivedBefore = c.input.received();
        StatusLine status;
        Headers headers;
        int interim = 0;
        while (true) {
            String line = c.input.readLine(limits.maxLineLength(), "status line");
            if (line == null) {
                if (!c.input.lastLineWasPartial() && c.input.received() == receivedBefore) {
                    throw new NoResponseException("the server closed the connection without a response to " + request);
                }
                throw new MalformedResponseException("connection closed in the middle of the status line");
            }
            status = StatusLine.parse(line);
            headers = HeaderSection.read(c.input, limits, line.length() + 2, "header");
            if (status.code >= 200) {
                break;
            }
            if (status.code == 101) {
                throw new MalformedResponseException("unexpected 101 Switching Protocols: no upgrade was requested");
            }
            if (++interim > MAX_INTERIM_RESPONSES) {
                throw new MalformedResponseException("more than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses");
            }
            // 100 Continue, 102, 103: informational only, the real response follows on the same connection.
        }

        Framing framing = Framing.of(request.method(), status.code, headers);
        boolean keepAlive = status.http11 && !headers.hasToken("Connection", "close")
                && !request.headers().hasToken("Connection", "close");
        String contentType = headers.get("Content-Type");
        ResponseBody body;
        if (framing.kind == Framing.Kind.NONE) {
            if (keepAlive && !c.input.hasUnexpectedBytes()) {
                pool.release(c);
            } else {
                pool.discard(c, ConnectionPool.Fate.NOT_REUSABLE);
            }
            body = ResponseBody.empty(contentType);
        } else {
            c.activity("while reading the response body of", request);
            body = new ResponseBody(source(framing, c.input, limits), c, pool, keepAlive, framing.length, contentType,
                    limits.maxBufferedBody(), request);
            BooleanSupplier cleanup = pool.leakCleanup(c);
            Object handle = RuntimeLink.isPresent() ? Tracking.open(body, request, status.code, cleanup) : null;
            if (handle == null) {
                UntrackedLeakGuard.watch(body, cleanup);
            } else {
                body.tracked(handle);
            }
        }
        return new Response(request, status.code, status.reason, status.http11, headers, body);
    }

    private static BodySource source(Framing framing, HttpInput in, Limits limits) {
        switch (framing.kind) {
            case FIXED:
                return new FixedLengthSource(in, framing.length);
            case CHUNKED:
                return new ChunkedSource(in, limits);
            default:
                return new CloseDelimitedSource(in);
        }
    }

    private static void write(Connection c, Request request) throws IOException {
        RequestBody body = request.body();
        ScheduledFuture<?> watchdog = null;
        if (body != null && c.callDeadlineNanos() != 0
                && (!body.isReplayable() || body.contentLength() > WATCHDOG_ABOVE_BYTES)) {
            watchdog = Watchdog.abortAt(c, c.callDeadlineNanos());
        }
        try {
            RequestWriter.write(request, c.address, c.output);
        } catch (IOException e) {
            throw c.failed(e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }
}
