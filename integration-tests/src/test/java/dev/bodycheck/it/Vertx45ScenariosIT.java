package dev.bodycheck.it;

/** Vert.x 4.5 (4.5.22, on the Netty 4.1 of Reactor Netty 1.2's directory). */
class Vertx45ScenariosIT extends VertxScenariosIT {
    @Override
    String libs() {
        return "vertx45,reactor-netty12";
    }
}
