package dev.bodycheck.it.app;

import dev.bodycheck.transport.Request;
import dev.bodycheck.transport.Response;
import dev.bodycheck.transport.Transport;
import java.io.IOException;
import java.io.InputStream;

/** The project's own transport, loaded from the agent jar (which -javaagent puts on the class path). */
public final class ReferenceAdapter implements ClientAdapter {
    private final Transport transport = Transport.create();

    @Override
    public Object get(String url) throws IOException {
        Response response = transport.execute(Request.get(url).build()); Mark.here("request");
        return response;
    }

    @Override
    public Object head(String url) throws IOException {
        return transport.execute(Request.builder("HEAD", java.net.URI.create(url)).build());
    }

    @Override
    public InputStream stream(Object response) {
        return ((Response) response).body();
    }

    @Override
    public void close(Object response) {
        ((Response) response).close();
    }

    @Override
    public String getWithHelper(String url) throws IOException {
        return transport.get(url).body().string();
    }
}
