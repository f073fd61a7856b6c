package dev.bodycheck.instrument.urlconnection;

import dev.bodycheck.instrument.Reclaim;
import java.io.InputStream;

/**
 * Gives back the connection of a leaked {@code HttpURLConnection} body the way its {@code close()} does:
 * by closing the stream below it ({@code KeepAliveStream}, {@code ChunkedInputStream}, ...), which closes
 * the socket, or, when only a little is left and it has already arrived, skips it and puts the connection
 * back into the keep-alive cache. That stream is closed once: a second close does nothing, so a connection
 * that has since served another request is never touched.
 */
final class UnderlyingStream extends Reclaim {
    @Override
    protected boolean reclaim(Object connection, long bytesRead) throws Exception {
        ((InputStream) connection).close();
        return true;
    }
}
