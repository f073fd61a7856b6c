package dev.bodycheck.it.app;

import java.io.InputStream;
import java.util.function.Consumer;

/**
 * What a scenario needs from one HTTP library, written once per library. Every method that makes a
 * request calls {@link Mark#here} on the same line, so the test knows which line a creation stack
 * must start at.
 */
public interface ClientAdapter {
    /** A GET whose response is returned unread: the library's response object. */
    Object get(String url) throws Exception;

    /**
     * A GET answered from the library's response cache: a first request fills the cache, the second is
     * returned unread; null if the library has no cache.
     */
    default Object getCached(String url) throws Exception {
        return null;
    }

    /** A HEAD request; its response is returned as the library gives it. */
    Object head(String url) throws Exception;

    /** The response's body as a stream. */
    InputStream stream(Object response) throws Exception;

    /** Closes the response (or its body) the way the library documents. */
    void close(Object response) throws Exception;

    /** A GET read whole by the library's own helper (string(), EntityUtils.toString, ofString, ...). */
    String getWithHelper(String url) throws Exception;

    /**
     * An asynchronous GET whose response is handed to {@code onResponse} on the library's own thread;
     * false if the library has none.
     */
    default boolean getAsync(String url, Consumer<Object> onResponse) throws Exception {
        return false;
    }
}
