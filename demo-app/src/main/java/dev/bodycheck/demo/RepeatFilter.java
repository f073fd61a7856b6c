package dev.bodycheck.demo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Lets each distinct JUL message through once. OkHttp warns "A connection to ... was leaked" once per
 * leaked connection, with no line number: the demo shows that it notices, once, beside the agent's report.
 */
final class RepeatFilter implements Filter {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        return message == null || seen.add(message);
    }
}
