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
     * source class, so that the record's header names the logger ("bodycheck") rather than this class, which
     * JUL would infer from the stack. JUL is reached by reflection: the runtime links against no logging API.
     */
    private static final class SystemLogger extends LogSink {
        private static final String NAME = "bodycheck";
        private volatile System.Logger logger;
        /** {@code java.util.logging.Logger.logp(Level, String, String, String)} bound to "bodycheck", or null. */
        private volatile java.lang.reflect.Method logp;
        private Object julLogger;
        private Object julWarning;
        private Object julInfo;
        /** JUL's root logger and {@code Logger.getHandlers()}: whether JUL can still write anything. */
        private Object julRoot;
        private java.lang.reflect.Method handlers;

        private System.Logger logger() {
            System.Logger l = logger;
            if (l == null) {
                l = System.getLogger(NAME); // looked up late: logging is not set up at premain
                findJul(l);
                logger = l;
            }
            return l;
        }

        private void findJul(System.Logger l) {
            try {
                // the JDK's default LoggerFinder wraps a JUL logger; any other finder names its loggers itself
                if (!System.LoggerFinder.getLoggerFinder().getClass().getName()
                        .equals("sun.util.logging.internal.LoggingProviderImpl")) {
                    return;
                }
                Class<?> loggerType = Class.forName("java.util.logging.Logger");
                Class<?> levelType = Class.forName("java.util.logging.Level");
                julLogger = loggerType.getMethod("getLogger", String.class).invoke(null, NAME);
                julWarning = levelType.getField("WARNING").get(null);
                julInfo = levelType.getField("INFO").get(null);
                logp = loggerType.getMethod("logp", levelType, String.class, String.class, String.class);
                handlers = loggerType.getMethod("getHandlers");
                julRoot = loggerType.getMethod("getLogger", String.class).invoke(null, "");
            } catch (Throwable t) {
                logp = null; // then the System.Logger itself, whose header may name this class
            }
        }

        private void log(System.Logger.Level level, Object julLevel, String text) {
            System.Logger l = logger();
            java.lang.reflect.Method m = logp;
            if (m != null) {
                try {
                    if (Lifecycle.exiting() && closed()) {
                        // JUL's own shutdown hook has reset it: what it is given now is lost, so the leaks found
                        // at exit go to standard error, as JUL's console handler would have written them
                        System.err.println(level.getName() + ": " + text);
                        return;
                    }
                    m.invoke(julLogger, julLevel, null, null, text);
                    return;
                } catch (Throwable t) {
                    logp = null;
                }
            }
            l.log(level, text);
        }

        /** Whether JUL has no handler left on the logger or the root (its LogManager was reset at exit). */
        private boolean closed() throws ReflectiveOperationException {
            return ((Object[]) handlers.invoke(julLogger)).length == 0 && ((Object[]) handlers.invoke(julRoot)).length == 0;
        }

        @Override
        void warn(String text) {
            logger();
            log(System.Logger.Level.WARNING, julWarning, text);
        }

        @Override
        void info(String text) {
            logger();
            log(System.Logger.Level.INFO, julInfo, text);
        }
    }
}
