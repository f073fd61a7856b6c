package dev.bodycheck.instrument.apache5async;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Apache HttpAsyncClient 5 that the start-up reads (the client id, gates, frames, hooked types...;
 * {@link Apache5AsyncHooks} says what the library is and how it is hooked). Its hooks are made, and {@link
 * Apache5AsyncHooks} and the advice classes it names are loaded, only when a class of the library is to be woven
 * rather than read back from the store: the start-up loads none of them.
 */
public final class Apache5AsyncLibrary {
    private Apache5AsyncLibrary() {
    }

    public static Library library() {
        return Library.called(Apache5AsyncHooks.ID).description("Apache HttpAsyncClient 5.5, 5.6")
                .gates("org/apache/hc/client5/http/impl/async/Internal",
                        "org/apache/hc/client5/http/impl/async/AsyncRedirectExec$",
                        "org/apache/hc/core5/http/nio/support/classic/ClassicToAsyncResponseConsumer",
                        "org/apache/hc/client5/http/impl/compat/ClassicToAsyncResponseConsumer")
                .frames("org.apache.hc.")
                .entries(Apache5AsyncHooks.CLIENT + ".doExecute")
                .unreadBytes(new SharedBufferBytes())
                .hooked("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
                        "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient$2",
                        "org.apache.hc.client5.http.impl.async.InternalHttpAsyncExecRuntime$1",
                        "org.apache.hc.client5.http.impl.async.AsyncRedirectExec$1",
                        "org.apache.hc.core5.http.nio.support.classic.ClassicToAsyncResponseConsumer$InternalInputStream",
                        "org.apache.hc.client5.http.impl.compat.ClassicToAsyncResponseConsumer$InternalInputStream",
                        "org.apache.hc.core5.http.nio.support.classic.ClassicToAsyncResponseConsumer",
                        "org.apache.hc.client5.http.impl.compat.ClassicToAsyncResponseConsumer",
                        "org.apache.hc.core5.http.nio.support.classic.ClassicToAsyncResponseConsumer$IncomingHttpEntity",
                        "org.apache.hc.client5.http.impl.compat.ClassicToAsyncResponseConsumer$IncomingHttpEntity")
                .hooks("dev.bodycheck.instrument.apache5async.Apache5AsyncHooks");
    }
}
