package dev.bodycheck.runtime;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code dev.bodycheck.Leak}, {@code dev.bodycheck.OpenTooLong} and {@code dev.bodycheck.PoolExhausted}:
 * enabled by their annotations' defaults, so any recording records them. Until the JVM's flight recorder has
 * started, no event class is even loaded (loading the first one would set up JFR's machinery, some 400 ms);
 * after that an event is built only when {@code shouldCommit()} says a recording wants it. They are
 * committed on the agent's thread, whose stack says nothing: the creation site is in the fields.
 */
final class JfrEvents {
    private JfrEvents() {
    }

    /** The report's fields of one body (as in the JSON Lines events). */
    @Category("bodycheck")
    @StackTrace(false)
    abstract static class BodyEvent extends Event {
        @Label("Client")
        String client;
        @Label("Method")
        String method;
        @Label("URL")
        @Description("Redacted unless redact=false")
        String url;
        @Label("Status")
        int status;
        @Label("Bytes Read")
        @DataAmount
        long bytesRead;
        @Label("Open")
        @Timespan(Timespan.MILLISECONDS)
        long openMillis;
        @Label("Thread")
        @Description("The thread that created the body")
        String thread;
        @Label("Site")
        @Description("Stable id of the application frames of the creation stack")
        String site;
        @Label("Endpoint")
        @Description("Method, host and path with id-like segments folded")
        String endpoint;
        @Label("Application Frame")
        @Description("The line of application code that made the request")
        String frame;
        @Label("Pinned")
        @Description("Whether the body still held a connection, socket or cache file: true, false, or null where "
                + "the client cannot tell")
        String pinned;
        @Label("Reclaimed")
        @Description("Whether reclaim gave the connection back")
        boolean reclaimed;

        final void record(BodyRef ref, String url, String site, long openMillis, ApplicationFrames.Trace frames) {
            this.client = ref.client().id();
            this.method = ref.facts.method;
            this.url = url;
            this.status = ref.facts.status;
            this.bytesRead = ref.bytesRead;
            this.openMillis = openMillis;
            this.thread = ref.thread();
            this.site = site;
            this.endpoint = Endpoint.of(ref.facts.method, ref.facts.url);
            this.frame = frames != null && frames.frames.length > 0 ? CreationSite.format(frames.frames[0]) : null;
            Boolean pinned = ref.pinnedAsKnown();
            this.pinned = pinned != null ? pinned.toString() : null;
            this.reclaimed = ref.reclaimed;
            commit();
        }
    }

    @Name("dev.bodycheck.Leak")
    @Label("Response Body Leaked")
    @Description("A response body was garbage-collected while still open")
    static final class Leak extends BodyEvent {
    }

    @Name("dev.bodycheck.OpenTooLong")
    @Label("Response Body Open Too Long")
    @Description("A response body has been open for longer than openWarn")
    static final class OpenTooLong extends BodyEvent {
    }

    @Name("dev.bodycheck.PoolExhausted")
    @Label("Connection Pool Exhausted")
    @Description("A client's connection pool refused a lease")
    @Category("bodycheck")
    @StackTrace(false)
    static final class PoolExhausted extends Event {
        @Label("Client")
        String client;
        @Label("Detail")
        String detail;
        @Label("Open Bodies")
        @Description("Bodies of this client still open then")
        int open;
    }

    static void leak(BodyRef ref, String url, String site, long openMillis, ApplicationFrames.Trace frames) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        Leak e = new Leak();
        if (e.shouldCommit()) {
            e.record(ref, url, site, openMillis, frames);
        }
    }

    static void openTooLong(BodyRef ref, String url, String site, long openMillis, ApplicationFrames.Trace frames) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        OpenTooLong e = new OpenTooLong();
        if (e.shouldCommit()) {
            e.record(ref, url, site, openMillis, frames);
        }
    }

    static void poolExhausted(String client, String detail, int open) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        PoolExhausted e = new PoolExhausted();
        if (e.shouldCommit()) {
            e.client = client;
            e.detail = detail;
            e.open = open;
            e.commit();
        }
    }
}
