package dev.bodycheck.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Serializes a request onto a connection: request line, headers (with Host and framing), body. */
final class RequestWriter {
    private RequestWriter() {
    }

    /**
     * Writes the request onto {@code out}; the body goes through {@code bodyOut}, which may stop it (see
     * {@link AnswerWatchingOutputStream}).
     */
    static void write(Request request, Address address, OutputStream out, OutputStream bodyOut) throws IOException {
        out.write(head(request, address).getBytes(StandardCharsets.ISO_8859_1));
        RequestBody body = request.body();
        if (body != null && body.isReplayable()) {
            bodyOut.write(body.bytes());
        } else if (body != null) {
            ChunkedOutputStream chunked = new ChunkedOutputStream(bodyOut);
            // Buffered, so that many small writes by the caller do not become many tiny chunks.
            BufferedOutputStream buffered = new BufferedOutputStream(chunked, 8 * 1024);
            body.writer().writeTo(buffered);
            buffered.flush();
            chunked.close();
        }
        out.flush();
    }

    static String head(Request request, Address address) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method()).append(' ').append(target(request.uri())).append(" HTTP/1.1\r\n");
        Headers headers = request.headers();
        if (!headers.contains("Host")) {
            sb.append("Host: ").append(address.hostHeader).append("\r\n");
        }
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            // Framing is ours to state: a caller's value could disagree with the body we send.
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                sb.append(name).append(": ").append(headers.value(i)).append("\r\n");
            }
        }
        RequestBody body = request.body();
        if (body != null) {
            if (body.contentType() != null && !headers.contains("Content-Type")) {
                sb.append("Content-Type: ").append(body.contentType()).append("\r\n");
            }
            if (body.isReplayable()) {
                sb.append("Content-Length: ").append(body.contentLength()).append("\r\n");
            } else {
                sb.append("Transfer-Encoding: chunked\r\n");
            }
        } else if (expectsBody(request.method())) {
            sb.append("Content-Length: 0\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static String target(URI uri) {
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        String target = path == null || path.isEmpty() ? "/" : path;
        return query == null ? target : target + "?" + query;
    }
}
