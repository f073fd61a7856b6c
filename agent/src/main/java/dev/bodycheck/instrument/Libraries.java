package dev.bodycheck.instrument;

import dev.bodycheck.instrument.apache4.Apache4Hooks;
import dev.bodycheck.instrument.apache5.Apache5Hooks;
import dev.bodycheck.instrument.apache5async.Apache5AsyncHooks;
import dev.bodycheck.instrument.asynchttpclient.AsyncHttpClientHooks;
import dev.bodycheck.instrument.jdk.JdkHttpClientHooks;
import dev.bodycheck.instrument.jetty.JettyHooks;
import dev.bodycheck.instrument.okhttp.OkHttpHooks;
import dev.bodycheck.instrument.reactornetty.ReactorNettyHooks;
import dev.bodycheck.instrument.reference.ReferenceTransport;
import dev.bodycheck.instrument.urlconnection.UrlConnectionHooks;
import dev.bodycheck.instrument.vertx.VertxHooks;
import dev.bodycheck.instrument.webclient.WebClientHooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every library the agent supports: the one list that the installer, the start-up note and the CLI read. */
public final class Libraries {
    public static final List<Library> ALL = Collections.unmodifiableList(Arrays.asList(
            JdkHttpClientHooks.library(),
            UrlConnectionHooks.library(),
            Apache4Hooks.library(),
            Apache5Hooks.library(),
            OkHttpHooks.library(),
            ReactorNettyHooks.library(),
            JettyHooks.library(),
            Apache5AsyncHooks.library(),
            VertxHooks.library(),
            AsyncHttpClientHooks.library(),
            WebClientHooks.library(),
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
