package dev.bodycheck.it;

import java.util.Map;

/**
 * Reactor Netty's {@code HttpClient} ({@code ReactorNettyAdapter}): the conformance matrix for one version.
 * The partly read cases do not apply: a body the application subscribed to is held by the library's
 * subscriber until it ends, so a subscription left stalled is never found dropped (only {@code openWarn} and
 * {@code pool-exhausted} see it: {@code ReactorNettyIT}).
 */
abstract class ReactorNettyScenariosIT extends ClientScenariosIT {
    @Override
    String client() {
        return "reactor-netty";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.ReactorNettyAdapter";
    }

    @Override
    boolean tellsPinned() {
        return false;
    }

    @Override
    boolean helperIsTracked() {
        return false; // responseSingle reads the body whole and discards what is left itself
    }

    @Override
    Map<String, String> notApplicable() {
        Map<String, String> na = super.notApplicable();
        String held = "a body subscribed to and left unread is held by the library's subscriber on the event "
                + "loop, never collected: only openWarn and pool-exhausted see it (ReactorNettyIT)";
        for (String c : new String[] {"partial", "small-partial", "gzip-partial", "other-thread-partial"}) {
            na.put(c, held);
        }
        return na;
    }
}
