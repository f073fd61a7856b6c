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

    /** {@code System.Logger} "bodycheck": reaches SLF4J, Log4j or JUL through their platform-logging bridges. */
    private static final class SystemLogger extends LogSink {
        private volatile System.Logger logger;

        private System.Logger logger() {
            System.Logger l = logger;
            if (l == null) {
                l = System.getLogger("bodycheck"); // looked up late: logging is not set up at premain
                logger = l;
            }
            return l;
        }

        @Override
        void warn(String text) {
            logger().log(System.Logger.Level.WARNING, text);
        }

        @Override
        void info(String text) {
            logger().log(System.Logger.Level.INFO, text);
        }
    }
}
