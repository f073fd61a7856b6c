package dev.bodycheck.instrument.urlconnection;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isConstructor;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArgument;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.net.HttpURLConnection} for {@code http:} and {@code https:} (the JDK's own implementation,
 * in {@code java.base}; the same on JDK 11 to 25). The tracked body is the
 * {@code HttpURLConnection$HttpInputStream} that both {@code getInputStream()} and {@code getErrorStream()}
 * hand to the application: it is made once per final response, on the application's thread, and only the
 * application (through the stream, or the connection object that caches it) holds it. The streams below it
 * ({@code KeepAliveStream}, {@code ChunkedInputStream}) are not tracked: on JDK 17 they have finalizers, and
 * the keep-alive cleaner thread may hold them.
 *
 * <p>{@code read()}, {@code read(byte[])}, {@code skip}, {@code readAllBytes} and {@code transferTo} all
 * end in {@code read(byte[], int, int)}, so only that one is counted. {@code disconnect()} closes the
 * stream through {@code close()}. With {@code reclaim}, the stream below is what a leaked body's clean-up
 * closes ({@link UnderlyingStream}).
 */
public final class UrlConnectionHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the JDK holds the string itself. */
    static final String ID = "urlconnection";
    static final String STREAM = "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream";
    /** What HEAD, 204, 304 and Content-Length: 0 responses get: the connection is already free. */
    static final String EMPTY = "sun.net.www.protocol.http.EmptyInputStream";

    private UrlConnectionHooks() {
    }

    public static Library library() {
        return Library.called(ID).description("java.net.HttpURLConnection")
                .gates("sun/net/www/protocol/http/HttpURLConnection$HttpInputStream")
                .frames("sun.net.www.", "java.net.", "javax.net.ssl.", "jdk.internal.")
                .reclaim(new UnderlyingStream())
                .hooks(new UrlConnectionHooks());
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(STREAM), isConstructor().and(takesArgument(1, java.io.InputStream.class)),
                        "HttpInputStream(HttpURLConnection, InputStream...)", Created.class, "this$0"),
                Hook.of(types(STREAM), named("read").and(takesArguments(3)), "read(byte[], int, int)", Read.class),
                Hook.of(types(STREAM), named("close").and(takesArguments(0)), "close()", Close.class)};
    }

    static final class Created {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object stream, @Advice.Argument(1) Object in,
                @Advice.FieldValue("this$0") Object outer) throws java.io.IOException {
            if (in != null && !in.getClass().getName().equals(EMPTY)) {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) outer;
                // the status is known by now (the stream is made after the head is read), so this is a field read
                // the stream below (keep-alive, chunked) is the connection side: it holds the socket, not the body
                Tracker.open(stream, ResponseFacts.of(ID, c.getRequestMethod(), c.getURL().toString(),
                        c.getResponseCode()), null, in);
            }
        }
    }

    static final class Read {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object stream, @Advice.Return int n) {
            if (n > 0) {
                Tracker.read(stream, n);
            } else if (n < 0) {
                Tracker.consumed(stream);
            }
        }
    }

    static final class Close {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object stream) {
            Tracker.closed(stream);
        }
    }
}
