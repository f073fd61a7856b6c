package dev.bodycheck.transport;

import java.io.IOException;
import java.io.OutputStream;
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

    /** Sends the request and reads the response head; a malformed response names the request. */
    static Response run(Connection c, Request request, ConnectionPool pool, Limits limits) throws IOException {
        try {
            return exchange(c, request, pool, limits);
        } catch (MalformedResponseException e) {
            throw e.naming(request);
        }
    }

    private static Response exchange(Connection c, Request request, ConnectionPool pool, Limits limits)
            throws IOException {
        c.activity("while sending", request);
        IOException cutShort = write(c, request);
        IOException sendFailure = cutShort == null || cutShort instanceof AnswerWatchingOutputStream.ServerAnswered
                ? null : c.failed(cutShort);
        c.activity("while waiting for the response to", request);
        try {
            return readResponse(c, request, pool, limits, cutShort == null);
        } catch (IOException e) {
            if (sendFailure == null) {
                throw e;
            }
            // The send failed and no answer could be read after it: the send is what went wrong.
            sendFailure.addSuppressed(e);
            throw sendFailure;
        }
    }

    private static Response readResponse(Connection c, Request request, ConnectionPool pool, Limits limits,
            boolean requestComplete) throws IOException {
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
        // A request whose body was cut short leaves the server's framing unknown: never reuse it.
        boolean keepAlive = requestComplete && status.http11 && !headers.hasToken("Connection", "close")
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

    /**
     * Sends the request. Returns null when it was sent whole; {@link AnswerWatchingOutputStream.ServerAnswered}
     * when the server answered before the body was all sent; else the send's failure, if the server may have
     * answered before it (bytes are waiting), for the caller to read that answer. Throws when the call timed
     * out or nothing came back.
     */
    private static IOException write(Connection c, Request request) throws IOException {
        RequestBody body = request.body();
        ScheduledFuture<?> watchdog = null;
        if (body != null && c.callDeadlineNanos() != 0
                && (!body.isReplayable() || body.contentLength() > WATCHDOG_ABOVE_BYTES)) {
            watchdog = Watchdog.abortAt(c, c.callDeadlineNanos());
        }
        try {
            OutputStream bodyOut = body == null ? c.output : new AnswerWatchingOutputStream(c.output, c.input);
            RequestWriter.write(request, c.address, c.output, bodyOut);
            return null;
        } catch (AnswerWatchingOutputStream.ServerAnswered answered) {
            return answered;
        } catch (IOException e) {
            if (c.isClosed() || !answerWaits(c)) {
                throw c.failed(e);
            }
            return e;
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    /** True if the server sent something, after a send failed: typically an error response, then a reset. */
    private static boolean answerWaits(Connection c) {
        try {
            return c.input.hasUnexpectedBytes();
        } catch (IOException e) {
            return false;
        }
    }
}
