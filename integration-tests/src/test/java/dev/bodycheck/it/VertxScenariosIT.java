package dev.bodycheck.it;

import java.util.Map;

/**
 * Vert.x's core {@code HttpClient} ({@code VertxAdapter}): the conformance matrix for one version. "Read to EOF" is a
 * handler and an end handler to the response's end (the helper: {@code body()}); "close" is a reset of the request. The
 * partly read cases do not apply: a response the application started to read is held by the library until it ends
 * (so that a body being read is never taken for a dropped one), and a read left stalled is never found by a
 * collection (a known miss: only {@code openWarn} can report it).
 */
abstract class VertxScenariosIT extends ClientScenariosIT {
    @Override
    String client() {
        return "vertx";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.VertxAdapter";
    }

    @Override
    boolean tellsPinned() {
        return false; // a small paused body may be in the response's buffer whole, its connection back
    }

    @Override
    Map<String, String> notApplicable() {
        Map<String, String> na = super.notApplicable();
        String held = "a response the application started to read (a handler, body(), end(), a pipe, resume, fetch) is "
                + "held by the library until its end, so that a body being read is never taken for a dropped one: a "
                + "read left stalled is never found by a collection (a known miss: only openWarn can report it)";
        for (String c : new String[] {"partial", "small-partial", "gzip-partial", "other-thread-partial"}) {
            na.put(c, held);
        }
        return na;
    }
}
