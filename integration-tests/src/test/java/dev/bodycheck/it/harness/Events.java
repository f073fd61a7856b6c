package dev.bodycheck.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The agent's JSON Lines report: every line must be one valid JSON object. */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> all;

    private Events(List<JsonNode> all) {
        this.all = all;
    }

    static Events read(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                events.add(JSON.readTree(line)); // throws on a broken line
            }
        }
        return new Events(events);
    }

    public List<JsonNode> all() {
        return all;
    }

    public List<JsonNode> of(String event) {
        return all.stream().filter(e -> e.path("event").asText().equals(event)).collect(Collectors.toList());
    }

    /** Leak events whose (redacted) URL ends with this path. */
    public List<JsonNode> leaksAt(String path) {
        return of("leak").stream().filter(e -> e.path("url").asText().endsWith(path)).collect(Collectors.toList());
    }

    public JsonNode summary() {
        List<JsonNode> s = of("summary");
        if (s.size() != 1) {
            throw new AssertionError("expected one summary event, found " + s.size() + "\n" + this);
        }
        return s.get(0);
    }

    @Override
    public String toString() {
        return all.stream().map(JsonNode::toString).collect(Collectors.joining("\n")) + "\n";
    }
}
