package dev.bodycheck.it;

/** AsyncHttpClient 2.12 (2.12.4, on the Netty 4.1 of Reactor Netty 1.2's directory). */
class AsyncHttpClient212ScenariosIT extends AsyncHttpClientScenariosIT {
    @Override
    String libs() {
        return "ahc212,reactor-netty12";
    }
}
