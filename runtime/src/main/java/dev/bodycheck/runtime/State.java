package dev.bodycheck.runtime;

/** The life of one body, as SPEC.md names it. Only LEAKED is an error. */
public enum State {
    /** Neither read to EOF nor closed yet. */
    OPEN,
    /** Read to EOF (by the application or a library helper): the connection could be reused. */
    CONSUMED,
    /** Closed (or aborted, or failed) before EOF: the connection was discarded, but nothing leaked. */
    CLOSED,
    /** Garbage-collected while still open. */
    LEAKED
}
