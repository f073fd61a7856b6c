package dev.bodycheck.instrument.urlconnection;

import static dev.bodycheck.instrument.Call.RETURNED;
import static dev.bodycheck.instrument.Call.THIS;
import static dev.bodycheck.instrument.Call.argument;
import static dev.bodycheck.instrument.Call.field;

import dev.bodycheck.instrument.Call;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.UrlConnectionBodies;

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
 * closes ({@link UnderlyingStream}). The calls of the runtime ({@link UrlConnectionBodies}) are woven with plain
 * ASM ({@link Call}): the class is each JDK build's, so none is shipped woven.
 */
public final class UrlConnectionHooks implements Library.Hooks {
    static final String ID = "urlconnection";
    static final String STREAM = "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream";

    /** Made when a class of the library is to be woven, by the name {@link UrlConnectionLibrary} gives. */
    UrlConnectionHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.call(STREAM, "<init>", "(Lsun/net/www/protocol/http/HttpURLConnection;Ljava/io/InputStream;",
                        "HttpInputStream(HttpURLConnection, InputStream...)", Call.beforeReturn(
                                UrlConnectionBodies.class, "opened", THIS, argument(1), field("this$0"))),
                Hook.call(STREAM, "read", "([BII)I", "read(byte[], int, int)",
                        Call.beforeReturn(UrlConnectionBodies.class, "read", RETURNED, THIS)),
                Hook.call(STREAM, "close", "()V", "close()", Call.atEntry(UrlConnectionBodies.class, "closed", THIS))};
    }
}
