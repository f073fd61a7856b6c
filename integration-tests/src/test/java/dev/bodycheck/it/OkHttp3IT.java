package dev.bodycheck.it;

/** OkHttp 3.x. */
class OkHttp3IT extends ClientScenariosIT {
    @Override
    String client() {
        return "okhttp";
    }

    @Override
    String libs() {
        return "okhttp3";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.OkHttpAdapter";
    }
}
