package dev.bodycheck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.runtime.Config;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsTest {
    private final List<String> problems = new ArrayList<>();

    private Config parse(String args) {
        return Options.parse(args, new Properties(), Libraries.ids(), problems::add).toConfig();
    }

    @Test
    void defaultsMatchTheSpec() {
        Config c = parse(null);
        for (String id : Libraries.ids()) {
            assertTrue(c.tracks(id), id);
        }
        assertEquals("", c.options());
        assertNull(c.reportFile());
        assertEquals(Config.LogTarget.SYSTEM, c.log());
        assertEquals(Config.STACKS_AUTO, c.stackEvery());
        assertFalse(c.failFast());
        assertEquals(0, c.openWarnMillis());
        assertTrue(c.redact());
        assertNull(c.ignoreFile());
        assertEquals(List.of(), c.appPackages());
        assertEquals(List.of(), c.skipPackages());
        assertFalse(c.reclaim());
        assertEquals(List.of(), problems);
    }

    @Test
    void reclaimIsABoolean() {
        assertTrue(parse("reclaim=true").reclaim());
        assertFalse(parse("reclaim=false").reclaim());
        assertEquals(List.of(), problems);
    }

    @Test
    void theWeaveCacheIsOnUnlessTurnedOff() {
        assertTrue(Options.parse(null, new Properties(), Libraries.ids(), problems::add).weaveCache());
        assertTrue(Options.parse("weaveCache=true", new Properties(), Libraries.ids(), problems::add).weaveCache());
        assertFalse(Options.parse("weaveCache=false", new Properties(), Libraries.ids(), problems::add).weaveCache());
        assertEquals("weaveCache=false", parse("weaveCache=false").options());
        assertEquals(List.of(), problems);
        assertTrue(Options.parse("weaveCache=maybe", new Properties(), Libraries.ids(), problems::add).weaveCache());
        assertEquals(List.of("bodycheck: option 'weaveCache' has a bad value 'maybe'; allowed: true, false; using the"
                + " default 'true'"), problems);
    }

    @Test
    void packagePrefixesEndWithADot() {
        Config c = parse("appPackages=com.acme+org.example.+com.acme,skipPackages=com.vendor.sdk+io.$generated");
        assertEquals(List.of("com.acme.", "org.example."), c.appPackages());
        assertEquals(List.of("com.vendor.sdk.", "io.$generated."), c.skipPackages());
        assertEquals("appPackages=com.acme+org.example.+com.acme,skipPackages=com.vendor.sdk+io.$generated",
                c.options());
        assertEquals(List.of(), problems);
    }

    @Test
    void everyKeyIsRead() {
        Config c = parse("clients=okhttp+jdk, report=/tmp/r.jsonl,log=stderr,stacks=1/16,failFast=true,"
                + "openWarn=30s,redact=false,ignore=/tmp/ignore.txt");
        assertTrue(c.tracks("okhttp"));
        assertTrue(c.tracks("jdk"));
        assertFalse(c.tracks("apache4"));
        assertEquals("clients=okhttp+jdk,report=/tmp/r.jsonl,log=stderr,stacks=1/16,failFast=true,openWarn=30s,"
                + "redact=false,ignore=/tmp/ignore.txt", c.options(), "canonical: in the order of the options");
        assertEquals("/tmp/r.jsonl", c.reportFile());
        assertEquals(Config.LogTarget.STDERR, c.log());
        assertEquals(16, c.stackEvery());
        assertTrue(c.failFast());
        assertEquals(30_000, c.openWarnMillis());
        assertFalse(c.redact());
        assertEquals("/tmp/ignore.txt", c.ignoreFile());
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @CsvSource({"auto,-1", "all,1", "none,0", "1/1,1", "1/100,100"})
    void stacks(String value, int every) {
        assertEquals(every, parse("stacks=" + value).stackEvery());
    }

    @ParameterizedTest
    @CsvSource({"off,0", "500ms,500", "30s,30000", "5m,300000", "1h,3600000"})
    void openWarn(String value, long millis) {
        assertEquals(millis, parse("openWarn=" + value).openWarnMillis());
    }

    @ParameterizedTest
    @CsvSource({
        "clients, okhttp+curl", "log, syslog", "stacks, some", "stacks, 1/0", "stacks, 1/x", "failFast, yes",
        "openWarn, 30", "openWarn, -5s", "openWarn, 0s", "redact, maybe", "report, ''", "ignore, ''",
        "appPackages, ''", "appPackages, com..acme", "appPackages, com.acme+", "skipPackages, 1com",
        "skipPackages, com/acme", "skipPackages, com.acme.*"
    })
    void aBadValueGivesOneLineAndTheDefault(String key, String value) {
        Config c = parse(key + "=" + value);
        assertEquals(1, problems.size(), problems.toString());
        String line = problems.get(0);
        assertTrue(line.startsWith("bodycheck: option '" + key + "' has a bad value"), line);
        assertTrue(line.contains("allowed: "), line);
        assertTrue(line.contains("using the default"), line);
        assertEquals(Config.defaults().stackEvery(), c.stackEvery());
        assertTrue(c.tracks("apache5"));
        assertEquals(Config.defaults().log(), c.log());
        assertEquals(List.of(), c.appPackages());
        assertEquals(List.of(), c.skipPackages());
    }

    @Test
    void anUnknownKeyGivesOneLineNamingTheKnownOnes() {
        Config c = parse("stack=none,log=stderr");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("unknown option 'stack'"), problems.get(0));
        assertTrue(problems.get(0).contains("stacks"), problems.get(0));
        assertEquals(Config.LogTarget.STDERR, c.log(), "the other options still apply");
    }

    @ParameterizedTest
    @CsvSource({"failfast, failFast", "FAILFAST, failFast", "stack, stacks", "openwarn, openWarn",
        "apppackage, appPackages", "reclam, reclaim", "clinets, clients", "redcat, redact", "lg, log"})
    void aMisspeltKeyGetsTheNearestKnownOne(String typo, String meant) {
        Config c = parse(typo + "=true,log=stderr");
        assertEquals(List.of("bodycheck: unknown option '" + typo + "'; did you mean '" + meant + "'? ignored"),
                problems);
        assertEquals(Config.LogTarget.STDERR, c.log(), "the other options still apply");
        assertFalse(c.failFast(), "a misspelt key is not taken for the one it resembles");
    }

    @Test
    void aKeyNearNoneGetsTheKnownOnes() {
        parse("colour=true");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("bodycheck: unknown option 'colour'; known options: clients, report,"),
                problems.get(0));
    }

    @Test
    void aCommaJoinsListItemsWhenTheNextWordIsNoKeyValue() {
        Config c = parse("clients=okhttp,jdk,log=stderr,appPackages=com.acme,org.example,skipPackages=a.b,c.d");
        assertTrue(c.tracks("okhttp"));
        assertTrue(c.tracks("jdk"));
        assertFalse(c.tracks("apache4"));
        assertEquals(Config.LogTarget.STDERR, c.log());
        assertEquals(List.of("com.acme.", "org.example."), c.appPackages());
        assertEquals(List.of("a.b.", "c.d."), c.skipPackages());
        assertEquals("clients=okhttp+jdk,log=stderr,appPackages=com.acme+org.example,skipPackages=a.b+c.d",
                c.options());
        assertEquals(List.of(), problems);
    }

    @Test
    void aCommaBeforeAnUnknownClientNamesTheWholeList() {
        Config c = parse("clients=okhttp,curl");
        assertEquals(List.of("bodycheck: option 'clients' has a bad value 'okhttp+curl'; allowed: all, or a list "
                + "joined by '+' (or ',') of " + String.join(", ", Libraries.ids()) + "; using the default 'all'"),
                problems);
        assertTrue(c.tracks("apache5"));
    }

    @Test
    void aKeyWithoutValueAfterAListIsStillAPairWithoutValue() {
        Config c = parse("clients=okhttp,failFast");
        assertEquals(List.of("bodycheck: option 'failFast' has no value; write key=value, e.g. stacks=none; ignored"),
                problems);
        assertTrue(c.tracks("okhttp"));
        assertFalse(c.tracks("jdk"));
    }

    @Test
    void aSystemPropertyListMayUseCommas() {
        Properties p = new Properties();
        p.setProperty("bodycheck.clients", "okhttp,jdk");
        Config c = Options.parse(null, p, Libraries.ids(), problems::add).toConfig();
        assertTrue(c.tracks("okhttp"));
        assertTrue(c.tracks("jdk"));
        assertFalse(c.tracks("apache4"));
        assertEquals(List.of(), problems);
    }

    @Test
    void aPairWithoutValueGivesOneLine() {
        parse("failFast");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("'failFast' has no value"), problems.get(0));
    }

    @Test
    void aCommaOrEqualsWithABackslashBeforeItIsPartOfTheValue() {
        Config c = parse("report=logs/a\\,b.jsonl,ignore=x\\=y\\,z.txt , log=stderr");
        assertEquals("logs/a,b.jsonl", c.reportFile());
        assertEquals("x=y,z.txt", c.ignoreFile());
        assertEquals(Config.LogTarget.STDERR, c.log());
        assertEquals(List.of(), problems);
        // other backslashes are themselves; the canonical form writes the comma escaped again
        Options o = Options.parse("report=C:\\logs\\a\\,b.jsonl", new Properties(), Libraries.ids(), problems::add);
        assertEquals("C:\\logs\\a,b.jsonl", o.toConfig().reportFile());
        assertEquals("report=C:\\logs\\a\\,b.jsonl", o.canonical());
        assertEquals(List.of(), problems);
    }

    @Test
    void aKeyGivenTwiceTakesTheLastAndOneLineSaysSo() {
        Config c = parse("stacks=none,report=a.jsonl,stacks=1/8,report=b.jsonl,stacks=all");
        assertEquals(1, c.stackEvery());
        assertEquals("b.jsonl", c.reportFile());
        assertEquals(List.of("bodycheck: option 'stacks' is given more than once; the last one wins",
                "bodycheck: option 'report' is given more than once; the last one wins"), problems);
    }

    @Test
    void systemPropertiesAreReadAndTheAgentArgumentWins() {
        Properties p = new Properties();
        p.setProperty("bodycheck.log", "none");
        p.setProperty("bodycheck.stacks", "none");
        p.setProperty("unrelated.key", "x");
        Config c = Options.parse("log=stderr", p, Libraries.ids(), problems::add).toConfig();
        assertEquals(Config.LogTarget.STDERR, c.log());
        assertEquals(0, c.stackEvery());
        assertEquals(List.of(), problems);
    }

    @Test
    void everyOptionIsDocumented() {
        for (Option o : Option.values()) {
            assertFalse(o.allowed().isEmpty());
            assertFalse(o.defaultValue().isEmpty());
            assertFalse(o.meaning().isEmpty());
        }
    }
}
