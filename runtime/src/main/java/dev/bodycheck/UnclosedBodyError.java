package dev.bodycheck;

import java.io.PrintStream;
import java.io.PrintWriter;

/** A response body was found leaked: it was garbage-collected while neither closed nor read to EOF. */
public class UnclosedBodyError extends AssertionError {
    private static final long serialVersionUID = 1L;
    /** For a test failure: the lines printed below the message instead of this error's own stack; else null. */
    private final String details;

    public UnclosedBodyError(String report) {
        super(report);
        this.details = null;
    }

    /**
     * A test failure whose message is one line (test runners print a multi-line message after a blank line)
     * and whose {@code details}, the creation stacks of the leaks, are printed below it in place of this
     * error's own stack: that is the test framework's, and says nothing about the leak.
     */
    public UnclosedBodyError(String message, String details) {
        super(message);
        this.details = details;
        setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public void printStackTrace(PrintStream s) {
        if (details == null) {
            super.printStackTrace(s);
            return;
        }
        synchronized (s) {
            s.println(this);
            if (!details.isEmpty()) {
                s.println(details);
            }
        }
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        if (details == null) {
            super.printStackTrace(s);
            return;
        }
        synchronized (s) {
            s.println(this);
            if (!details.isEmpty()) {
                s.println(details);
            }
        }
    }
}
