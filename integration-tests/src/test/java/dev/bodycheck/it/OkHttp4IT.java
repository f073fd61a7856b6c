package dev.bodycheck.it;

/** OkHttp 4.x. */
class OkHttp4IT extends ClientScenariosIT {
    @Override
    String client() {
        return "okhttp";
    }

    @Override
    String libs() {
        return "okhttp4";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.OkHttpAdapter";
    }
}
