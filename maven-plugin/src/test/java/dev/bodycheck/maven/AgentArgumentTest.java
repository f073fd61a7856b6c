package dev.bodycheck.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentArgumentTest {
    private static final File JAR = new File("/repo/dev/bodycheck/bodycheck-agent.jar");

    @Test
    void optionsInTheirOrderUnsetOnesLeftOutCommasAndEqualsEscaped() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("failFast", "true");
        o.put("report", "target/a,b=c.jsonl");
        o.put("stacks", null);
        o.put("openWarn", " 30s ");
        o.put("ignore", "");
        assertEquals("-javaagent:" + JAR.getAbsolutePath() + "=failFast=true,report=target/a\\,b\\=c.jsonl,openWarn=30s",
                AgentArgument.of(JAR, o));
    }

    @Test
    void noOptionsNoEqualsSign() {
        assertEquals("-javaagent:" + JAR.getAbsolutePath(), AgentArgument.of(JAR, new LinkedHashMap<>()));
    }

    @Test
    void aPathWithASpaceIsQuoted() {
        File jar = new File("/home/a user/.m2/bodycheck-agent.jar");
        assertEquals("\"-javaagent:" + jar.getAbsolutePath() + "=log=stderr\"",
                AgentArgument.of(jar, Map.of("log", "stderr")));
    }

    @Test
    void theAgentGoesBeforeWhatThePropertyHeld() {
        assertEquals("-javaagent:x.jar", AgentArgument.join("-javaagent:x.jar", null));
        assertEquals("-javaagent:x.jar", AgentArgument.join("-javaagent:x.jar", "  "));
        assertEquals("-javaagent:x.jar -Xmx1g -Dmark=kept", AgentArgument.join("-javaagent:x.jar", " -Xmx1g -Dmark=kept"));
    }
}
