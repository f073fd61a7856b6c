package dev.bodycheck.runtime;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The agent's options, read from the {@code -javaagent} argument and {@code -Dbodycheck.<key>} properties
 * (the argument wins). A bad key or value never stops the application: it gets one line on the
 * problem sink and the default is used.
 */
public final class Config {
    public enum LogTarget { SYSTEM, STDERR, NONE }

    private final Set<Client> clients;
    private final String reportFile;
    private final LogTarget log;
    /** 1 = every body, 0 = none, N = one body in N. */
    private final int stackEvery;
    private final boolean failFast;
    /** 0 = off. */
    private final long openWarnMillis;
    private final boolean redact;
    private final String ignoreFile;

    private Config(Builder b) {
        this.clients = b.clients;
        this.reportFile = b.reportFile;
        this.log = b.log;
        this.stackEvery = b.stackEvery;
        this.failFast = b.failFast;
        this.openWarnMillis = b.openWarnMillis;
        this.redact = b.redact;
        this.ignoreFile = b.ignoreFile;
    }

    public static Config defaults() {
        return new Config(new Builder());
    }

    /**
     * Reads the options. {@code agentArgs} is {@code key=value,key=value}; each problem is handed to
     * {@code problems} as one line and the default is kept for that key.
     */
    public static Config parse(String agentArgs, Properties properties, Consumer<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("bodycheck.")) {
                values.put(name.substring("bodycheck.".length()), properties.getProperty(name));
            }
        }
        if (agentArgs != null && !agentArgs.trim().isEmpty()) {
            for (String pair : agentArgs.split(",")) {
                String p = pair.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq < 0) {
                    problems.accept("bodycheck: option '" + p + "' has no value; write key=value, e.g. "
                            + "stacks=none; ignored");
                    continue;
                }
                values.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        Builder b = new Builder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Option option = Option.byKey(e.getKey());
            if (option == null) {
                problems.accept("bodycheck: unknown option '" + e.getKey() + "'; known options: "
                        + knownKeys() + "; ignored");
                continue;
            }
            try {
                b.set(option, e.getValue());
            } catch (IllegalArgumentException bad) {
                problems.accept("bodycheck: option '" + option.key() + "' has a bad value '" + e.getValue()
                        + "'; allowed: " + option.allowed() + "; using the default '" + option.defaultValue() + "'");
            }
        }
        return new Config(b);
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Option o : Option.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(o.key());
        }
        return sb.toString();
    }

    public boolean tracks(Client client) {
        return clients.contains(client);
    }

    public Set<Client> clients() {
        return EnumSet.copyOf(clients);
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

    /** Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; {@code off} is 0. */
    static long parseDurationMillis(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("off")) {
            return 0;
        }
        long unit;
        String number;
        if (t.endsWith("ms")) {
            unit = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            number = t.substring(0, t.length() - 1);
        } else {
            throw new IllegalArgumentException(text);
        }
        long n = parsePositive(number);
        return Math.multiplyExact(n, unit);
    }

    private static long parsePositive(String number) {
        if (number.isEmpty() || number.length() > 18) {
            throw new IllegalArgumentException(number);
        }
        for (int i = 0; i < number.length(); i++) {
            if (number.charAt(i) < '0' || number.charAt(i) > '9') {
                throw new IllegalArgumentException(number);
            }
        }
        long n = Long.parseLong(number);
        if (n <= 0) {
            throw new IllegalArgumentException(number);
        }
        return n;
    }

    private static boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(value);
    }

    private static final class Builder {
        Set<Client> clients = EnumSet.allOf(Client.class);
        String reportFile;
        LogTarget log = LogTarget.SYSTEM;
        int stackEvery = 1;
        boolean failFast;
        long openWarnMillis;
        boolean redact = true;
        String ignoreFile;

        void set(Option option, String raw) {
            String value = raw.trim();
            switch (option) {
                case CLIENTS:
                    clients = parseClients(value);
                    break;
                case REPORT:
                    reportFile = nonEmpty(value);
                    break;
                case LOG:
                    log = LogTarget.valueOf(value.toUpperCase(java.util.Locale.ROOT));
                    break;
                case STACKS:
                    stackEvery = parseStacks(value);
                    break;
                case FAIL_FAST:
                    failFast = parseBoolean(value);
                    break;
                case OPEN_WARN:
                    openWarnMillis = parseDurationMillis(value);
                    break;
                case REDACT:
                    redact = parseBoolean(value);
                    break;
                case IGNORE:
                    ignoreFile = nonEmpty(value);
                    break;
                default:
                    throw new IllegalStateException(option.name());
            }
        }

        private static String nonEmpty(String value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return value;
        }

        private static Set<Client> parseClients(String value) {
            if (value.equals("all")) {
                return EnumSet.allOf(Client.class);
            }
            Set<Client> set = EnumSet.noneOf(Client.class);
            for (String id : value.split("\\+")) {
                Client c = Client.byId(id.trim());
                if (c == null) {
                    throw new IllegalArgumentException(id);
                }
                set.add(c);
            }
            return set;
        }

        private static int parseStacks(String value) {
            if (value.equals("all")) {
                return 1;
            }
            if (value.equals("none")) {
                return 0;
            }
            if (value.startsWith("1/")) {
                long n = parsePositive(value.substring(2));
                if (n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(value);
                }
                return (int) n;
            }
            throw new IllegalArgumentException(value);
        }
    }
}
