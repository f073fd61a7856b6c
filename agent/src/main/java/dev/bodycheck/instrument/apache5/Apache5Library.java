package dev.bodycheck.instrument.apache5;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Apache HttpClient 5 (classic) that the start-up reads (the client id, gates, frames, hooked
 * types...; {@link Apache5Hooks} says what the library is and how it is hooked). Its hooks are made, and {@link
 * Apache5Hooks} and the advice classes it names are loaded, only when a class of the library is to be woven rather
 * than read back from the store: the start-up loads none of them.
 */
public final class Apache5Library {
    private Apache5Library() {
    }

    public static Library library() {
        return Library.called(Apache5Hooks.ID).description("Apache HttpClient 5.1 to 5.6, classic API")
                .gates("org/apache/hc/client5/http/impl/classic/", "org/apache/hc/core5/http/io/EofSensor")
                .frames("org.apache.hc.")
                .holdRecord(Apache5Hooks.PROXY, Apache5Hooks.RUNTIME)
                .reclaim(new ExecRuntimes())
                .hooked("org.apache.hc.client5.http.impl.classic.ProtocolExec",
                        "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                        "org.apache.hc.client5.http.impl.classic.MinimalHttpClient",
                        "org.apache.hc.client5.http.impl.classic.ResponseEntityProxy",
                        "org.apache.hc.client5.http.impl.classic.InternalExecRuntime",
                        "org.apache.hc.core5.http.io.EofSensorInputStream")
                .hooks("dev.bodycheck.instrument.apache5.Apache5Hooks");
    }
}
