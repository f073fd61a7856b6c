package dev.bodycheck.it;

/** AsyncHttpClient 3.0 (3.0.14, on the Netty 4.2 of Reactor Netty 1.3's directory). */
class AsyncHttpClient30ScenariosIT extends AsyncHttpClientScenariosIT {
    @Override
    String libs() {
        return "ahc30,reactor-netty13";
    }
}
