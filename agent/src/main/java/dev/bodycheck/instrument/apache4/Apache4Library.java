package dev.bodycheck.instrument.apache4;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Apache HttpClient 4 that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * Apache4Hooks} says what the library is and how it is hooked). Its hooks are made, and {@link Apache4Hooks} and
 * the advice classes it names are loaded, only when a class of the library is to be woven rather than read back
 * from the store: the start-up loads none of them.
 */
public final class Apache4Library {
    private Apache4Library() {
    }

    public static Library library() {
        return Library.called(Apache4Hooks.ID).description("Apache HttpClient 4.3.4 to 4.5")
                .gates("org/apache/http/impl/execchain/", "org/apache/http/conn/EofSensor",
                        "org/apache/http/impl/client/InternalHttpClient")
                .frames("org.apache.http.")
                .holdRecord(Apache4Hooks.PROXY, Apache4Hooks.HOLDER)
                .reclaim(new ConnectionHolders())
                .hooked("org.apache.http.impl.client.InternalHttpClient",
                        "org.apache.http.impl.execchain.MainClientExec",
                        "org.apache.http.impl.execchain.MinimalClientExec",
                        "org.apache.http.impl.execchain.ResponseEntityProxy",
                        "org.apache.http.impl.execchain.HttpResponseProxy",
                        "org.apache.http.impl.execchain.ConnectionHolder", "org.apache.http.conn.EofSensorInputStream")
                .hooks("dev.bodycheck.instrument.apache4.Apache4Hooks");
    }
}
