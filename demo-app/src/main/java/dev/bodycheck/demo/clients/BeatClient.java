package dev.bodycheck.demo.clients;

import java.io.Closeable;
import java.io.IOException;

/**
 * One HTTP library making the heartbeat request, in the two shapes the demo compares. Everything else
 * in the demo (loops, counts, table, chart) knows only this interface, so a library is one small class.
 */
public interface BeatClient extends Closeable {

    /**
     * One heartbeat as in the incident: the status is looked at, the response body is dropped without
     * being read or closed. Returns the status.
     */
    int leakyBeat() throws IOException;

    /** The same heartbeat done right: the body is read to EOF and closed. Returns the status. */
    int fixedBeat() throws IOException;

    /** Shuts the client and its connection pool down (after the loop, before the next one). */
    @Override
    void close() throws IOException;
}
