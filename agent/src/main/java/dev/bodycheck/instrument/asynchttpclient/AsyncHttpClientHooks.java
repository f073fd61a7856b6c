package dev.bodycheck.instrument.asynchttpclient;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isConstructor;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.lib.asynchttpclient.DeferredBodies;
import net.bytebuddy.asm.Advice;

/**
 * AsyncHttpClient 2.12 and 3.0 ({@code org.asynchttpclient}): the deferred body that
 * {@code BodyDeferringAsyncHandler} hands to the application through the {@code BodyDeferringInputStream} the
 * application makes. The stream it reads becomes a tracked wrapper ({@link DeferredBodies}): its end, its close and
 * its collection are the body's. Other ways to read a response (the buffering {@code Response}, the application's
 * own {@code AsyncHandler} given each body part) leave no body open to the application and are not tracked.
 */
public final class AsyncHttpClientHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "async-http-client";
    static final String STREAM = "org.asynchttpclient.handler.BodyDeferringAsyncHandler$BodyDeferringInputStream";

    /** Made when a class of the library is to be woven, by the name {@link AsyncHttpClientLibrary} gives. */
    AsyncHttpClientHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(STREAM), isConstructor().and(takesArguments(3)),
                        "BodyDeferringInputStream(Future, BodyDeferringAsyncHandler, InputStream)", Deferred.class)};
    }

    /** On the application's thread: the stream it reads is a tracked wrapper of the one it gave. */
    static final class Deferred {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object future, @Advice.Argument(1) Object handler,
                @Advice.Argument(value = 2, readOnly = false) java.io.InputStream in) {
            in = DeferredBodies.deferred(future, handler, in, ID);
        }
    }
}
