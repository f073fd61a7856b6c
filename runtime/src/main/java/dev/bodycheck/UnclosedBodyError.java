package dev.bodycheck;

/** A response body was found leaked: it was garbage-collected while neither closed nor read to EOF. */
public class UnclosedBodyError extends AssertionError {
    private static final long serialVersionUID = 1L;

    public UnclosedBodyError(String report) {
        super(report);
    }
}
