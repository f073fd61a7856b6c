package dev.bodycheck.it;

import dev.bodycheck.it.app.Scenarios;
import java.util.Map;

/**
 * Apache HttpAsyncClient 5.6 (5.6.5): the classic API over it for streams, {@code SimpleResponseConsumer}
 * for the asynchronous call. Only the correct twins apply: see {@link #notApplicable}, and
 * {@link Apache5AsyncPatternsIT} for how a held response is reported.
 */
class Apache5AsyncIT extends ClientScenariosIT {
    @Override
    String client() {
        return "apache5-async";
    }

    @Override
    String libs() {
        return "apache5";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.Apache5AsyncAdapter";
    }

    @Override
    Map<String, String> notApplicable() {
        Map<String, String> na = super.notApplicable();
        for (String leak : Scenarios.LEAKS) {
            na.putIfAbsent(leak, "the I/O reactor keeps every response consumer reachable until its exchange ends, and "
                    + "the classic adaptor's stream with it: no object is the application's alone to be found dropped; "
                    + "a held response is reported by openWarn and at a pool lease timeout (Apache5AsyncPatternsIT)");
        }
        return na;
    }
}
