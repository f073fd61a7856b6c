package dev.bodycheck.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckMojoTest {
    @Test
    void countsLeakEventsAndTheSummariesOwnUnattributedCount() {
        CheckMojo.Counts c = CheckMojo.Counts.of(List.of(
                "{\"event\":\"leak\",\"client\":\"okhttp\",\"url\":\"http://h/unattributed\\\":9\"}",
                "{\"event\":\"pool-exhausted\",\"client\":\"apache5\"}",
                "{\"event\":\"summary\",\"opened\":3,\"leaked\":1,\"clients\":{\"okhttp\":{\"unattributed\":7}},\"unattributed\":2}",
                "{\"event\":\"leak\",\"client\":\"jdk\"}",
                "{\"event\":\"summary\",\"opened\":1,\"unattributed\":0,\"clients\":{}}",
                "not json"));
        assertEquals(2, c.leaks);
        assertEquals(2, c.unattributed);
        assertEquals(2, c.summaries);
    }

    @Test
    void aSummaryWithoutTheFieldCountsNone() {
        assertEquals(0, CheckMojo.Counts.topLevelNumber("{\"event\":\"summary\",\"clients\":{\"jdk\":{\"unattributed\":4}}}",
                "unattributed"));
    }
}
