package dev.bodycheck.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a forked JVM left behind: its exit code, its output and the agent's JSON Lines. */
public record Result(Jdk jdk, int exitCode, String stdout, String stderr, Events events) {

    /** The {@code MARK key value} lines the test program printed. */
    public Map<String, String> marks() {
        Map<String, String> marks = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("MARK ")) {
                String[] parts = line.split(" ", 3);
                marks.put(parts[1], parts[2].trim());
            }
        }
        return marks;
    }

    public String mark(String key) {
        String m = marks().get(key);
        if (m == null) {
            throw new AssertionError("the test program printed no MARK " + key + "\n" + this);
        }
        return m;
    }

    /**
     * The one leak event of the case {@code name}, which requested {@code base + "/it/big-" + name}: a GET of
     * {@code client}, whose stack[0] is the program's line marked {@code name}, in the report file and in the log.
     */
    public JsonNode oneLeakAtMark(String base, String name, String client) {
        List<JsonNode> leaks = events.leaksAt("/it/big-" + name);
        assertEquals(1, leaks.size(), "one leak report for " + name + "\n" + this);
        JsonNode leak = leaks.get(0);
        assertEquals(client, leak.path("client").asText(), leak.toString());
        assertEquals("GET", leak.path("method").asText(), leak.toString());
        assertEquals(base + "/it/big-" + name, leak.path("url").asText(), leak.toString());
        assertEquals(mark(name), leak.path("stack").path(0).asText(), "stack[0] is the program's line\n" + leak);
        assertTrue(stderr.contains("\tat " + mark(name)), stderr);
        return leak;
    }

    /** The case {@code name} ran (it printed its MARK) and no leak was reported at {@code path}. */
    public void assertNoLeak(String name, String path) {
        assertTrue(stdout.contains("MARK " + name + " "), "the case ran\n" + this);
        assertEquals(List.of(), events.leaksAt(path), "no report for " + name + "\n" + this);
    }

    /**
     * A clean run of {@code client}'s program to its end ({@code DONE}): the summary's counts, none left open, as
     * many leak events as leaks, and no internal error or skipped library.
     */
    public void assertCounts(String client, int opened, int consumed, int closed, int leaked) {
        JsonNode s = events.summary().path("clients").path(client);
        assertEquals(opened, s.path("opened").asInt(), "opened\n" + this);
        assertEquals(consumed, s.path("consumed").asInt(), "consumed\n" + this);
        assertEquals(closed, s.path("closed").asInt(), "closed\n" + this);
        assertEquals(leaked, s.path("leaked").asInt(), "leaked\n" + this);
        assertEquals(0, s.path("open").asInt(), "open\n" + this);
        assertEquals(leaked, events.of("leak").size(), "leak events\n" + this);
        assertFalse(stderr.contains("bodycheck: internal error"), stderr);
        assertFalse(stderr.contains(" skipped: a version"), stderr);
        assertTrue(stdout.contains("DONE"), this.toString());
    }

    @Override
    public String toString() {
        return "on " + jdk + ", exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr
                + "--- report\n" + events;
    }
}
