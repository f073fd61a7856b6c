package dev.bodycheck.agent;

import dev.bodycheck.instrument.Libraries;

/** Every option of the agent: its key, what it allows, its default and what it does (SPEC.md). */
enum Option {
    CLIENTS("clients", null, "all", "which libraries to instrument"),
    REPORT("report", "a file path", "none",
            "also append every event as one JSON object per line (JSON Lines)"),
    LOG("log", "system, stderr, none", "system",
            "where human-readable reports go; system = java.lang.System.Logger named 'bodycheck'"),
    STACKS("stacks", "auto, all, none, or a sampling rate 1/N", "auto",
            "for which bodies the creation stack trace is recorded; auto: every body while a test framework "
                    + "watches, else a sample and every body of an endpoint that leaked before"),
    FAIL_FAST("failFast", "true, false", "false",
            "after a leak, the next HTTP request of a tracked client throws dev.bodycheck.UnclosedBodyError; "
                    + "under JUnit Jupiter, check every test"),
    OPEN_WARN("openWarn", "a duration like 30s, 5m, 500ms, or off", "off",
            "also report bodies still open for longer than this, once each"),
    REDACT("redact", "true, false", "true",
            "strip user info and the query string from URLs in reports"),
    IGNORE("ignore", "a file path", "none",
            "site ids or stack-frame prefixes (one a line) whose leaks are counted but not reported"),
    APP_PACKAGES("appPackages", "package prefixes joined by '+', e.g. com.acme+org.example", "none (automatic)",
            "when set, a report's stack starts at the first frame in these packages"),
    SKIP_PACKAGES("skipPackages", "package prefixes joined by '+', e.g. com.vendor.sdk", "none",
            "more packages to skip when looking for the application's frame, added to the built-in list of "
                    + "JDK, HTTP-library and framework packages"),
    RECLAIM("reclaim", "true, false", "false",
            "when a body is found leaked, give its connection back as the library would on an early close(); "
                    + "at a pool's exhaustion, run one bounded collection and reclaim leaked bodies before the "
                    + "lease fails"),
    WEAVE_CACHE("weaveCache", "true, false", "true",
            "keep the library classes woven in ~/.cache/bodycheck/woven/ for the next JVM, whose first request "
                    + "then reads them back instead of weaving them again");

    private final String key;
    private final String allowed;
    private final String defaultValue;
    private final String meaning;

    Option(String key, String allowed, String defaultValue, String meaning) {
        this.key = key;
        this.allowed = allowed;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    String key() {
        return key;
    }

    String allowed() {
        return allowed != null ? allowed : "all, or a list joined by '+' (or ',') of " + String.join(", ", Libraries.ids());
    }

    String defaultValue() {
        return defaultValue;
    }

    String meaning() {
        return meaning;
    }

    /** Whether the value is a list, whose items may be joined by {@code ,} as well as {@code +}. */
    boolean isList() {
        return this == CLIENTS || this == APP_PACKAGES || this == SKIP_PACKAGES;
    }

    static Option byKey(String key) {
        for (Option o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }
}
