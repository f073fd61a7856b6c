package dev.bodycheck.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** {@code ignore=FILE}: site ids, or stack-frame prefixes, whose leaks are counted but not reported. */
final class IgnoreRules {
    static final IgnoreRules NONE = new IgnoreRules(new HashSet<>(), new ArrayList<>());

    private final Set<String> sites;
    private final List<String> framePrefixes;

    private IgnoreRules(Set<String> sites, List<String> framePrefixes) {
        this.sites = sites;
        this.framePrefixes = framePrefixes;
    }

    /** Whether any rule is there: then every body's stack is recorded, sampled or not (see Tracker). */
    boolean isEmpty() {
        return sites.isEmpty() && framePrefixes.isEmpty();
    }

    static IgnoreRules load(String file, Consumer<String> problems) {
        if (file == null) {
            return NONE;
        }
        Pattern siteId = Pattern.compile("[0-9a-f]{8}"); // here, not at start-up: only an ignore file needs regex
        Set<String> sites = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8)) {
                String s = line.trim();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                if (siteId.matcher(s).matches()) {
                    sites.add(s);
                } else {
                    prefixes.add(s);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.accept("bodycheck: cannot read the ignore file '" + file + "' (" + e + "); nothing is ignored");
            return NONE;
        }
        return new IgnoreRules(sites, prefixes);
    }

    /** {@code via}: the framework frames above the application's line, matched like the stack's own. */
    boolean ignores(String siteId, StackTraceElement[] frames, StackTraceElement[] via) {
        return sites.contains(siteId) || matches(frames) || matches(via);
    }

    private boolean matches(StackTraceElement[] frames) {
        if (framePrefixes.isEmpty() || frames == null) {
            return false;
        }
        for (StackTraceElement f : frames) {
            String frame = CreationSite.format(f);
            for (String prefix : framePrefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
