package dev.bodycheck.demo;

/**
 * The three loops run per client: the incident (each response dropped), the same with the agent's
 * {@code reclaim} switched on, and the fix (each body read and closed).
 */
enum Loop {
    LEAKY("leaky", "leaky: response dropped"),
    RECLAIMED("reclaimed", "leaky, reclaim=true"),
    FIXED("fixed", "fixed: body closed");

    private final String id;
    private final String title;

    Loop(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** In {@code RESULT} lines: {@code leaky}, {@code reclaimed}, {@code fixed}. */
    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** Whether its beats drop their responses. */
    boolean drops() {
        return this != FIXED;
    }
}
