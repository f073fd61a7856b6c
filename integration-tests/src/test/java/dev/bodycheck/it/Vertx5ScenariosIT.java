package dev.bodycheck.it;

/** Vert.x 5 (5.0.7, on the Netty 4.2 of Reactor Netty 1.3's directory). */
class Vertx5ScenariosIT extends VertxScenariosIT {
    @Override
    String libs() {
        return "vertx5,reactor-netty13";
    }
}
