package dev.bodycheck.instrument.webclient;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Spring WebClient that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * WebClientHooks} says what the library is and how it is hooked). Its hooks are made, and {@link WebClientHooks}
 * and the advice classes it names are loaded, only when a class of the library is to be woven rather than read
 * back from the store: the start-up loads none of them.
 */
public final class WebClientLibrary {
    private WebClientLibrary() {
    }

    public static Library library() {
        return Library.called("webclient").description("Spring WebClient (spring-web 6)")
                .serves("reactor-netty", "apache5-async", "jetty")
                .gates("org/springframework/http/client/reactive/ReactorClientHttpResponse",
                        "org/springframework/http/client/reactive/AbstractClientHttpResponse",
                        "org/springframework/http/client/reactive/HttpComponentsClientHttpResponse",
                        "org/springframework/http/client/reactive/ReactorClientHttpConnector",
                        "org/springframework/http/client/reactive/HttpComponentsClientHttpConnector",
                        "org/springframework/http/client/reactive/JettyClientHttpResponse")
                .frames("org.springframework.")
                .hooked("org.springframework.http.client.reactive.ReactorClientHttpResponse",
                        "org.springframework.http.client.reactive.AbstractClientHttpResponse",
                        "org.springframework.http.client.reactive.HttpComponentsClientHttpResponse",
                        "org.springframework.http.client.reactive.JettyClientHttpResponse",
                        "org.springframework.http.client.reactive.ReactorClientHttpConnector",
                        "org.springframework.http.client.reactive.HttpComponentsClientHttpConnector")
                .hooks("dev.bodycheck.instrument.webclient.WebClientHooks");
    }
}
