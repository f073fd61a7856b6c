package dev.bodycheck.it.harness;

import java.util.LinkedHashMap;
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

    @Override
    public String toString() {
        return "on " + jdk + ", exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr
                + "--- report\n" + events;
    }
}
