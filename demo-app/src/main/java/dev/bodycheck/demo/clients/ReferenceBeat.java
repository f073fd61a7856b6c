package dev.bodycheck.demo.clients;

import dev.bodycheck.transport.Request;
import dev.bodycheck.transport.Response;
import dev.bodycheck.transport.Transport;
import java.io.IOException;

/**
 * bodycheck's reference transport: a leaked body is reported and its socket closed, so even the leaky
 * loop ends with no socket left behind. Its classes come from the agent jar, which -javaagent puts on
 * the class path; without the agent the demo leaves this client out.
 */
final class ReferenceBeat implements BeatClient {
    private final Transport transport;
    private final Request request;

    ReferenceBeat(BeatSettings settings) {
        transport = Transport.builder().connectTimeout(settings.timeout()).readTimeout(settings.timeout()).build();
        request = Request.get(settings.url()).build();
    }

    @Override
    public int leakyBeat() throws IOException {
        Response response = transport.execute(request); // the incident: the body is never closed
        return response.status();
    }

    @Override
    public int fixedBeat() throws IOException {
        try (Response response = transport.execute(request)) {
            response.body().string();
            return response.status();
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    /** True when the transport's classes are there (the agent jar is on the class path). */
    static boolean available() {
        try {
            Class.forName("dev.bodycheck.transport.Transport", false, ReferenceBeat.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
