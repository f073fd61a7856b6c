package dev.bodycheck.runtime;

import java.io.PrintStream;

/** Where human-readable reports go ({@code log=system|stderr|none}). */
abstract class LogSink {
    abstract void warn(String text);

    abstract void info(String text);

    static LogSink of(Config.LogTarget target) {
        switch (target) {
            case STDERR:
                return new Stream(System.err);
            case NONE:
                return new LogSink() {
                    @Override
                    void warn(String text) {
                    }

                    @Override
                    void info(String text) {
                    }
                };
            default:
                return new SystemLogger();
        }
    }

    private static final class Stream extends LogSink {
        private final PrintStream out;

        Stream(PrintStream out) {
            this.out = out;
        }

        @Override
        void warn(String text) {
            out.println(text);
        }

        @Override
        void info(String text) {
            out.println(text);
        }
    }

    /**
     * {@code System.Logger} "bodycheck": reaches SLF4J, Log4j or JUL through their platform-logging bridges.
     * When it is the JDK's own, backed by {@code java.util.logging}, records are written through JUL with no
     * source class ({@link Jul}), so that the record's header names the logger ("bodycheck") rather than this
     * class, which JUL would infer from the stack.
     */
    private static final class SystemLogger extends LogSink {
        private static final String NAME = "bodycheck";
        private volatile System.Logger logger;
        /** JUL's logger "bodycheck", or null: the System.Logger is not the JDK's own, or JUL failed once. */
        private volatile Jul jul;

        private System.Logger logger() {
            System.Logger l = logger;
            if (l == null) {
                l = System.getLogger(NAME); // looked up late: logging is not set up at premain
                jul = findJul();
                logger = l;
            }
            return l;
        }

        private static Jul findJul() {
            try {
                // the JDK's default LoggerFinder wraps a JUL logger; any other finder names its loggers itself
                if (!System.LoggerFinder.getLoggerFinder().getClass().getName()
                        .equals("sun.util.logging.internal.LoggingProviderImpl")) {
                    return null;
                }
                return new Jul(NAME);
            } catch (Throwable t) {
                return null; // then the System.Logger itself, whose header may name this class
            }
        }

        private void log(System.Logger.Level level, String text) {
            System.Logger l = logger();
            Jul j = jul;
            if (j != null) {
                try {
                    if (Lifecycle.exiting() && j.closed()) {
                        // JUL's own shutdown hook has reset it: what it is given now is lost, so the leaks found
                        // at exit go to standard error, as JUL's console handler would have written them
                        System.err.println(level.getName() + ": " + text);
                        return;
                    }
                    j.log(level == System.Logger.Level.WARNING, text);
                    return;
                } catch (Throwable t) {
                    jul = null;
                }
            }
            l.log(level, text);
        }

        @Override
        void warn(String text) {
            log(System.Logger.Level.WARNING, text);
        }

        @Override
        void info(String text) {
            log(System.Logger.Level.INFO, text);
        }
    }

    /**
     * The JUL loggers, called directly: only a JVM whose System.Logger is backed by JUL loads this class, so a
     * JDK without {@code java.util.logging} never links it. Not reflection: {@code Method.invoke} of the
     * caller-sensitive {@code Logger.getLogger} parses that method's annotations and generates a proxy class for
     * them, at the first request of every JVM. Its callers are of the bootstrap loader, as this class is: JUL
     * hands them the same logger.
     */
    private static final class Jul {
        private final java.util.logging.Logger logger;
        /** JUL's root logger: with the logger's own handlers, whether JUL can still write anything. */
        private final java.util.logging.Logger root;

        Jul(String name) {
            logger = java.util.logging.Logger.getLogger(name);
            root = java.util.logging.Logger.getLogger("");
        }

        void log(boolean warning, String text) {
            logger.logp(warning ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO, null, null, text);
        }

        /** Whether JUL has no handler left on the logger or the root (its LogManager was reset at exit). */
        boolean closed() {
            return logger.getHandlers().length == 0 && root.getHandlers().length == 0;
        }
    }
}
