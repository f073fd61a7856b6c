package dev.bodycheck.it;

/** Reactor Netty 1.2 (1.2.18, Netty 4.1, Reactor 3.7). */
class ReactorNetty12IT extends ReactorNettyScenariosIT {
    @Override
    String libs() {
        return "reactor-netty12";
    }
}
