package dev.bodycheck.instrument.webclient;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isConstructor;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.lib.webclient.WebClientBodies;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Spring's {@code WebClient} (spring-web's reactive {@code ClientHttpResponse}s), no client of its own: its
 * connectors' bodies are those of Reactor Netty ({@code reactor-netty}), Apache HttpAsyncClient 5
 * ({@code apache5-async}), Jetty's reactive client ({@code jetty}) and the JDK client ({@code jdk}). The
 * connector's objects stay reachable from the connection while the body is open, so the body publisher that {@code getBody()} hands out is made the body
 * ({@link WebClientBodies}): dropped unsubscribed ({@code retrieve().toEntityFlux(..)} never subscribed), it is
 * found leaked at its collection. The JDK connector needs nothing here: its body is the JDK client's tracked
 * publisher, which only Spring's {@code Flux} around it holds.
 *
 * <p>Reactor Netty's response is tracked as the proxy the connector was given (its {@code response} field);
 * Apache's consumer through its publisher, which the response's {@code Message} carries (an alias made where the
 * consumer opens, see {@code Apache5AsyncHooks}); Jetty's {@code HttpResponse} through the Spring response made
 * around it, an alias made in that response's constructor. Jetty's reactive client lets go of its subscriber when
 * it delivered the response, so its connector needs no detaching.
 */
public final class WebClientHooks implements Library.Hooks {
    static final String REACTIVE = "org.springframework.http.client.reactive.";

    /** Made when a class of the library is to be woven, by the name {@link WebClientLibrary} gives. */
    WebClientHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(REACTIVE + "ReactorClientHttpResponse"), named("getBody").and(takesArguments(0)),
                        "getBody()", ReactorBody.class, "response"),
                Hook.of(types(REACTIVE + "AbstractClientHttpResponse"), named("getBody").and(takesArguments(0)),
                        "getBody()", Body.class),
                Hook.of(types(REACTIVE + "HttpComponentsClientHttpResponse"),
                        isConstructor().and(takesArguments(3)),
                        "HttpComponentsClientHttpResponse(DataBufferFactory, Message, HttpClientContext)",
                        HttpComponentsResponse.class),
                Hook.of(types(REACTIVE + "JettyClientHttpResponse"), isConstructor().and(takesArguments(2)),
                        "JettyClientHttpResponse(ReactiveResponse, Flux)", JettyResponse.class),
                Hook.of(types(REACTIVE + "ReactorClientHttpConnector"), named("connect").and(takesArguments(3)),
                        "connect(HttpMethod, URI, Function)", Connect.class),
                Hook.of(types(REACTIVE + "HttpComponentsClientHttpConnector"),
                        named("connect").and(takesArguments(3)), "connect(HttpMethod, URI, Function)",
                        Connect.class)};
    }

    /** The response's Mono lets its subscribers go once it delivered the response (see WebClientBodies). */
    static final class Connect {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response) {
            response = WebClientBodies.detached(response);
        }
    }

    /** Reactor Netty's body: the response the connector was given is the tracked proxy. */
    static final class ReactorBody {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("response") Object response,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object body) {
            body = WebClientBodies.body(response, body);
        }
    }

    /** A connector's response made around the library's publisher: the response is that body's alias. */
    static final class Body {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object response,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object body) {
            body = WebClientBodies.body(response, body);
        }
    }

    /** Apache's response: its message's body is the consumer's publisher, an alias of the consumer's body. */
    static final class HttpComponentsResponse {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object response, @Advice.Argument(1) Object message) {
            WebClientBodies.response(response, ((org.apache.hc.core5.http.Message<?, ?>) message).getBody());
        }
    }

    /** Jetty's response: the library's {@code HttpResponse} in the reactive response is the open body. */
    static final class JettyResponse {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object response, @Advice.Argument(0) Object reactiveResponse) {
            WebClientBodies.jettyResponse(response, reactiveResponse);
        }
    }
}
