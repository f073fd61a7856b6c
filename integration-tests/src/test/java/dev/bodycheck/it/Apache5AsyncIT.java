package dev.bodycheck.it;

import java.util.Map;

/**
 * Apache HttpAsyncClient 5.6 (5.6.5): the classic API over it for streams, whose entity's stream only the
 * application holds and is found dropped; {@code SimpleResponseConsumer} for the asynchronous call, which
 * reads every body whole (see {@link #notApplicable}, and {@link Apache5AsyncPatternsIT} for how a held
 * streaming consumer is reported).
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

    /** The I/O reactor reads a 4 KiB body whole into the adaptor's buffer (measured: up to 64 KiB) and lets go. */
    @Override
    boolean readsSmallBodiesAheadUnread() {
        return true;
    }

    @Override
    Map<String, String> notApplicable() {
        Map<String, String> na = super.notApplicable();
        na.put("async-drop", "the asynchronous call's SimpleResponseConsumer reads every body whole; a streaming "
                + "consumer that stops reading is kept reachable by the I/O reactor until its exchange ends, so no "
                + "collection can find it: openWarn and a pool lease timeout report it (Apache5AsyncPatternsIT)");
        return na;
    }
}
