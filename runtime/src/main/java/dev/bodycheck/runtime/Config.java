package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options in force, as typed values. The agent reads them from the {@code -javaagent} argument and
 * the {@code -Dbodycheck.<key>} properties and builds this; the runtime only reads it.
 */
public final class Config {
    public enum LogTarget { SYSTEM, STDERR, NONE }

    /** {@code stacks=auto} (the default): see {@link AutoStacks}. */
    public static final int STACKS_AUTO = -1;

    /** Null: every client. */
    private final Set<String> clients;
    private final String reportFile;
    private final LogTarget log;
    /** {@link #STACKS_AUTO}, 1 = every body, 0 = none, N = one body in N. */
    private final int stackEvery;
    private final boolean failFast;
    /** 0 = off. */
    private final long openWarnMillis;
    private final boolean redact;
    private final String ignoreFile;
    /** Package prefixes of the application (empty: chosen automatically), and more to skip. */
    private final List<String> appPackages;
    private final List<String> skipPackages;
    private final boolean reclaim;
    /** The options as given, in a canonical form: "" for the defaults. */
    private final String options;

    private Config(Builder b) {
        this.clients = b.clients == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(b.clients));
        this.reportFile = b.reportFile;
        this.log = b.log;
        this.stackEvery = b.stackEvery;
        this.failFast = b.failFast;
        this.openWarnMillis = b.openWarnMillis;
        this.redact = b.redact;
        this.ignoreFile = b.ignoreFile;
        this.appPackages = Collections.unmodifiableList(new ArrayList<>(b.appPackages));
        this.skipPackages = Collections.unmodifiableList(new ArrayList<>(b.skipPackages));
        this.reclaim = b.reclaim;
        this.options = b.options;
    }

    public static Config defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the client with this id is tracked. */
    public boolean tracks(String clientId) {
        return clients == null || clients.contains(clientId);
    }

    public String reportFile() {
        return reportFile;
    }

    public LogTarget log() {
        return log;
    }

    public int stackEvery() {
        return stackEvery;
    }

    public boolean failFast() {
        return failFast;
    }

    public long openWarnMillis() {
        return openWarnMillis;
    }

    public boolean redact() {
        return redact;
    }

    public String ignoreFile() {
        return ignoreFile;
    }

    /** {@code appPackages}: when not empty, a creation stack starts at the first frame in these packages. */
    public List<String> appPackages() {
        return appPackages;
    }

    /** {@code skipPackages}: prefixes skipped besides the built-in ones when looking for the application's frame. */
    public List<String> skipPackages() {
        return skipPackages;
    }

    /**
     * {@code reclaim}: give back the connection of a body found leaked, and collect at a pool's exhaustion;
     * {@link Tracker#reclaim(boolean)} can switch it at run time.
     */
    public boolean reclaim() {
        return reclaim;
    }

    /** The options as given, in a canonical form ({@code key=value,...} in a fixed order); "" for the defaults. */
    public String options() {
        return options;
    }

    /** Starts from the defaults of SPEC.md. */
    public static final class Builder {
        private Set<String> clients;
        private String reportFile;
        private LogTarget log = LogTarget.SYSTEM;
        private int stackEvery = STACKS_AUTO;
        private boolean failFast;
        private long openWarnMillis;
        private boolean redact = true;
        private String ignoreFile;
        private List<String> appPackages = Collections.emptyList();
        private List<String> skipPackages = Collections.emptyList();
        private boolean reclaim;
        private String options = "";

        private Builder() {
        }

        /** The ids of the clients to track; null for all. */
        public Builder clients(Set<String> ids) {
            this.clients = ids;
            return this;
        }

        public Builder reportFile(String path) {
            this.reportFile = path;
            return this;
        }

        public Builder log(LogTarget target) {
            this.log = target;
            return this;
        }

        public Builder stackEvery(int every) {
            this.stackEvery = every;
            return this;
        }

        public Builder failFast(boolean on) {
            this.failFast = on;
            return this;
        }

        public Builder openWarnMillis(long millis) {
            this.openWarnMillis = millis;
            return this;
        }

        public Builder redact(boolean on) {
            this.redact = on;
            return this;
        }

        public Builder ignoreFile(String path) {
            this.ignoreFile = path;
            return this;
        }

        /** Package or class-name prefixes such as {@code com.acme.}; empty for the automatic choice. */
        public Builder appPackages(List<String> prefixes) {
            this.appPackages = prefixes;
            return this;
        }

        public Builder skipPackages(List<String> prefixes) {
            this.skipPackages = prefixes;
            return this;
        }

        public Builder reclaim(boolean on) {
            this.reclaim = on;
            return this;
        }

        public Builder options(String canonical) {
            this.options = canonical;
            return this;
        }

        public Config build() {
            return new Config(this);
        }
    }
}
