package dev.bodycheck.agent;

import dev.bodycheck.runtime.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The agent's options, read from the {@code -javaagent} argument and {@code -Dbodycheck.<key>} properties
 * (the argument wins). A bad key or value never stops the application: it gets one line on the problem
 * sink and the default is used. Parsing touches no runtime class, so that the command line can check
 * options in a JVM where the runtime is not on the bootstrap class path; {@link #toConfig()} does.
 */
final class Options {
    /** The values given, parsed; a key left out has its default. */
    private final Map<Option, Object> values;
    private final String canonical;

    private Options(Map<Option, Object> values, String canonical) {
        this.values = values;
        this.canonical = canonical;
    }

    /**
     * {@code agentArgs} is {@code key=value,key=value}; {@code clientIds} the ids {@code clients=} may name;
     * each problem is handed to {@code problems} as one line and the default is kept for that key.
     */
    static Options parse(String agentArgs, Properties properties, List<String> clientIds, Consumer<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("bodycheck.")) {
                values.put(name.substring("bodycheck.".length()), properties.getProperty(name));
            }
        }
        if (agentArgs != null && !agentArgs.trim().isEmpty()) {
            Set<String> given = new LinkedHashSet<>();
            Set<String> warned = new LinkedHashSet<>();
            String listKey = null; // the key of the last pair when its value is a list ('+' or ',' between items)
            for (String[] pair : split(agentArgs)) {
                if (pair[1] == null && listKey != null && Option.byKey(pair[0]) == null) {
                    values.put(listKey, values.get(listKey) + "+" + pair[0]); // clients=okhttp,jdk
                    continue;
                }
                listKey = null;
                if (pair[1] == null) {
                    problems.accept("bodycheck: option '" + pair[0] + "' has no value; write key=value, e.g. "
                            + "stacks=none; ignored");
                    continue;
                }
                if (!given.add(pair[0]) && warned.add(pair[0])) {
                    problems.accept("bodycheck: option '" + pair[0] + "' is given more than once; the last one wins");
                }
                values.put(pair[0], pair[1]);
                Option option = Option.byKey(pair[0]);
                listKey = option != null && option.isList() ? pair[0] : null;
            }
        }
        Map<Option, Object> parsed = new EnumMap<>(Option.class);
        Map<Option, String> given = new EnumMap<>(Option.class);
        for (Map.Entry<String, String> e : values.entrySet()) {
            Option option = Option.byKey(e.getKey());
            if (option == null) {
                Option near = nearest(e.getKey());
                problems.accept("bodycheck: unknown option '" + e.getKey() + "'; "
                        + (near != null ? "did you mean '" + near.key() + "'?" : "known options: " + knownKeys() + ";")
                        + " ignored");
                continue;
            }
            String value = e.getValue().trim();
            try {
                parsed.put(option, parse(option, value, clientIds));
                given.put(option, value);
            } catch (IllegalArgumentException | ArithmeticException bad) {
                problems.accept("bodycheck: option '" + option.key() + "' has a bad value '" + e.getValue()
                        + "'; allowed: " + option.allowed() + "; using the default '" + option.defaultValue() + "'");
            }
        }
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<Option, String> e : given.entrySet()) {
            canonical.append(canonical.length() > 0 ? "," : "").append(e.getKey().key()).append('=')
                    .append(e.getValue().replace(",", "\\,"));
        }
        return new Options(parsed, canonical.toString());
    }

    /**
     * The {@code key=value} pairs of an agent argument, trimmed, empty ones left out; value null where there is no
     * {@code =}. A comma or {@code =} with a backslash before it is part of the key or value; every other
     * backslash is itself ({@code C:\logs\r.jsonl}).
     */
    static List<String[]> split(String agentArgs) {
        List<String[]> pairs = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        String key = null;
        for (int i = 0; i <= agentArgs.length(); i++) {
            char c = i < agentArgs.length() ? agentArgs.charAt(i) : ',';
            if (c == '\\' && i + 1 < agentArgs.length()
                    && (agentArgs.charAt(i + 1) == ',' || agentArgs.charAt(i + 1) == '=')) {
                token.append(agentArgs.charAt(++i));
            } else if (c == '=' && key == null) {
                key = token.toString().trim();
                token.setLength(0);
            } else if (c == ',') {
                String rest = token.toString().trim();
                if (key != null) {
                    pairs.add(new String[] {key, rest});
                } else if (!rest.isEmpty()) {
                    pairs.add(new String[] {rest, null});
                }
                key = null;
                token.setLength(0);
            } else {
                token.append(c);
            }
        }
        return pairs;
    }

    /** The options given, as {@code key=value,...} in the order of {@link Option}; "" for the defaults. */
    String canonical() {
        return canonical;
    }

    boolean failFast() {
        return Boolean.TRUE.equals(values.get(Option.FAIL_FAST));
    }

    boolean weaveCache() {
        return !Boolean.FALSE.equals(values.get(Option.WEAVE_CACHE));
    }

    /** Whether {@code clients=} lets this client be tracked. */
    @SuppressWarnings("unchecked")
    boolean tracks(String clientId) {
        Set<String> clients = (Set<String>) values.get(Option.CLIENTS);
        return clients == null || clients.contains(clientId);
    }

    /** The runtime's view of these options; only where the runtime is on the bootstrap class path. */
    @SuppressWarnings("unchecked")
    Config toConfig() {
        Config.Builder b = Config.builder().options(canonical);
        for (Map.Entry<Option, Object> e : values.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case CLIENTS:
                    b.clients((Set<String>) v);
                    break;
                case REPORT:
                    b.reportFile((String) v);
                    break;
                case LOG:
                    b.log(Config.LogTarget.valueOf((String) v));
                    break;
                case STACKS:
                    b.stackEvery((Integer) v);
                    break;
                case FAIL_FAST:
                    b.failFast((Boolean) v);
                    break;
                case OPEN_WARN:
                    b.openWarnMillis((Long) v);
                    break;
                case REDACT:
                    b.redact((Boolean) v);
                    break;
                case IGNORE:
                    b.ignoreFile((String) v);
                    break;
                case APP_PACKAGES:
                    b.appPackages((List<String>) v);
                    break;
                case SKIP_PACKAGES:
                    b.skipPackages((List<String>) v);
                    break;
                case RECLAIM:
                    b.reclaim((Boolean) v);
                    break;
                case WEAVE_CACHE:
                    break; // the agent's own: the runtime never weaves
                default:
                    throw new IllegalStateException(e.getKey().name());
            }
        }
        return b.build();
    }

    /**
     * The known option a misspelt key most likely meant: the same but for case, or at most two letters added,
     * dropped or changed (one for a key of four letters or fewer); null when none is that near.
     */
    static Option nearest(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        Option best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Option o : Option.values()) {
            int d = editDistance(k, o.key().toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = o;
                bestDistance = d;
            }
        }
        return bestDistance <= (k.length() <= 4 ? 1 : 2) ? best : null;
    }

    /** Levenshtein distance: the fewest single-letter insertions, deletions and substitutions. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Option o : Option.values()) {
            sb.append(sb.length() > 0 ? ", " : "").append(o.key());
        }
        return sb.toString();
    }

    /** The value of {@code option}, typed; clients: null for all. */
    private static Object parse(Option option, String value, List<String> clientIds) {
        switch (option) {
            case CLIENTS:
                return parseClients(value, clientIds);
            case REPORT:
            case IGNORE:
                return nonEmpty(value);
            case LOG:
                String target = value.toUpperCase(Locale.ROOT);
                if (!target.equals("SYSTEM") && !target.equals("STDERR") && !target.equals("NONE")) {
                    throw new IllegalArgumentException(value);
                }
                return target; // the name of a Config.LogTarget
            case STACKS:
                return parseStacks(value);
            case FAIL_FAST:
            case REDACT:
            case RECLAIM:
            case WEAVE_CACHE:
                return parseBoolean(value);
            case OPEN_WARN:
                return parseDurationMillis(value);
            case APP_PACKAGES:
            case SKIP_PACKAGES:
                return parsePackages(value);
            default:
                throw new IllegalStateException(option.name());
        }
    }

    /** Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; {@code off} is 0. */
    static long parseDurationMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
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
        return Math.multiplyExact(parsePositive(number), unit);
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

    private static String nonEmpty(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return value;
    }

    /**
     * Package prefixes joined by {@code +} (or {@code ,}), each a dotted Java name ({@code com.acme}, {@code com.acme.}); each
     * is returned ending with a dot, so that {@code com.acme} does not take in {@code com.acmetools}.
     */
    static List<String> parsePackages(String value) {
        List<String> list = new ArrayList<>();
        for (String part : value.split("[+,]", -1)) {
            String p = part.trim();
            if (p.endsWith(".")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            for (String name : p.split("\\.", -1)) {
                if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
                    throw new IllegalArgumentException(part);
                }
                for (int i = 1; i < name.length(); i++) {
                    if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                        throw new IllegalArgumentException(part);
                    }
                }
            }
            if (!list.contains(p + ".")) {
                list.add(p + ".");
            }
        }
        return Collections.unmodifiableList(list);
    }

    /** Ids joined by {@code +} (or {@code ,}); null for all. */
    private static Set<String> parseClients(String value, List<String> clientIds) {
        if (value.equals("all")) {
            return null;
        }
        Set<String> set = new LinkedHashSet<>();
        for (String id : value.split("[+,]", -1)) {
            if (!clientIds.contains(id.trim())) {
                throw new IllegalArgumentException(id);
            }
            set.add(id.trim());
        }
        return set;
    }

    private static int parseStacks(String value) {
        if (value.equals("auto")) {
            return Config.STACKS_AUTO;
        }
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
