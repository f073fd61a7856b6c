package dev.bodycheck.runtime;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** {@code report=FILE}: one JSON object a line, appended; each line is one write, so lines never interleave. */
final class JsonLinesSink {
    private final String path;
    private final Consumer<String> problems;
    private OutputStream out;
    private boolean failed;

    JsonLinesSink(String path, Consumer<String> problems) {
        this.path = path;
        this.problems = problems;
    }

    synchronized void write(String json) {
        if (failed) {
            return;
        }
        try {
            if (out == null) {
                out = new FileOutputStream(path, true);
            }
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            failed = true;
            problems.accept("bodycheck: cannot write the report file '" + path + "' (" + e.getMessage()
                    + "); JSON reports are off, log reports go on");
        }
    }

    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the JVM is exiting; nothing is left to tell
            }
            out = null;
        }
        failed = true;
    }
}
