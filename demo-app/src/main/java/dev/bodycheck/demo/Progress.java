package dev.bodycheck.demo;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The live line under a running loop. On a terminal it is redrawn in place after each beat; in a file
 * or a pipe (CI, tests) only its last state is printed, once, so that logs stay readable.
 */
final class Progress {
    private final PrintStream out;
    private final boolean live;
    private int width;

    Progress(PrintStream out) {
        this.out = out;
        this.live = isTerminal();
    }

    void update(String line) {
        if (live) {
            out.print('\r' + pad(line));
            out.flush();
        }
    }

    void done(String line) {
        if (live) {
            out.print('\r' + pad(line) + '\n');
            width = 0;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String pad(String line) {
        StringBuilder b = new StringBuilder(line);
        while (b.length() < width) {
            b.append(' ');
        }
        width = line.length();
        return b.toString();
    }

    /** JDK 22+ has a console even when redirected, and says whether it is a terminal; before, null means no. */
    private static boolean isTerminal() {
        Object console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
