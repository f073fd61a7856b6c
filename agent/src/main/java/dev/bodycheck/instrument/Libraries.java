package dev.bodycheck.instrument;

import dev.bodycheck.instrument.apache4.Apache4Library;
import dev.bodycheck.instrument.apache5.Apache5Library;
import dev.bodycheck.instrument.apache5async.Apache5AsyncLibrary;
import dev.bodycheck.instrument.asynchttpclient.AsyncHttpClientLibrary;
import dev.bodycheck.instrument.jdk.JdkHttpClientLibrary;
import dev.bodycheck.instrument.jetty.JettyLibrary;
import dev.bodycheck.instrument.okhttp.OkHttpLibrary;
import dev.bodycheck.instrument.reactornetty.ReactorNettyLibrary;
import dev.bodycheck.instrument.reference.ReferenceTransport;
import dev.bodycheck.instrument.urlconnection.UrlConnectionLibrary;
import dev.bodycheck.instrument.vertx.VertxLibrary;
import dev.bodycheck.instrument.webclient.WebClientLibrary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every library the agent supports: the one list that the installer, the start-up note and the CLI read. */
public final class Libraries {
    public static final List<Library> ALL = Collections.unmodifiableList(Arrays.asList(
            JdkHttpClientLibrary.library(),
            UrlConnectionLibrary.library(),
            Apache4Library.library(),
            Apache5Library.library(),
            OkHttpLibrary.library(),
            ReactorNettyLibrary.library(),
            JettyLibrary.library(),
            Apache5AsyncLibrary.library(),
            VertxLibrary.library(),
            AsyncHttpClientLibrary.library(),
            WebClientLibrary.library(),
            ReferenceTransport.library()));

    private Libraries() {
    }

    /** The client ids, in the order above (the frameworks that are no client of their own left out). */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Library l : ALL) {
            if (l.isClient()) {
                ids.add(l.id());
            }
        }
        return ids;
    }
}
