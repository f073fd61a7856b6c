package dev.bodycheck.it;

/** OkHttp 5.x. */
class OkHttp5IT extends ClientScenariosIT {
    @Override
    String client() {
        return "okhttp";
    }

    @Override
    String libs() {
        return "okhttp5";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.OkHttpAdapter";
    }
}
