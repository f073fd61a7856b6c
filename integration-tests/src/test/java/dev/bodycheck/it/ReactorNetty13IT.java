package dev.bodycheck.it;

/** Reactor Netty 1.3 (1.3.7, Netty 4.2, Reactor 3.8). */
class ReactorNetty13IT extends ReactorNettyScenariosIT {
    @Override
    String libs() {
        return "reactor-netty13";
    }
}
