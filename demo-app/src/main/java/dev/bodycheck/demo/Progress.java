package dev.bodycheck.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The live line under a running loop. On a terminal it is redrawn in place after each beat, and ended before
 * anything is written to standard error (the log: the agent's reports, the demo's warnings), so that no log
 * line is glued to it; in a file or a pipe (CI, tests) only its last state is printed, once, so that logs stay
 * readable.
 */
final class Progress {
    private final PrintStream out;
    private final boolean live;
    private int width;
    /** A live line is on the screen, not yet ended. */
    private boolean pending;

    Progress(PrintStream out) {
        this.out = out;
        this.live = isTerminal();
        if (live) {
            PrintStream err = System.err;
            System.setErr(new PrintStream(new OutputStream() { // the log goes to standard error: end the line first
                @Override
                public void write(int b) {
                    endLine();
                    err.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    endLine();
                    err.write(b, off, len);
                }

                @Override
                public void flush() {
                    err.flush();
                }
            }, true));
        }
    }

    synchronized void update(String line) {
        if (live) {
            out.print('\r' + pad(line));
            out.flush();
            pending = true;
        }
    }

    synchronized void done(String line) {
        if (live) {
            out.print((pending ? '\r' + pad(line) : line) + '\n');
            width = 0;
            pending = false;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the live line where it stands, so that what follows starts on a line of its own. */
    private synchronized void endLine() {
        if (pending) {
            out.print('\n');
            out.flush();
            width = 0;
            pending = false;
        }
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
