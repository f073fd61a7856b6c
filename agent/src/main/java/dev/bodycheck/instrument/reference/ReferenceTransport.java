package dev.bodycheck.instrument.reference;

import dev.bodycheck.instrument.Library;
import dev.bodycheck.instrument.Reclaim;
import dev.bodycheck.transport.RuntimeLink;

/**
 * bodycheck's own transport ({@code dev.bodycheck.transport}). Nothing is woven: its bodies report their
 * lifecycle to the runtime themselves. It is registered like any client so that {@code clients=} can name
 * it and its frames are trimmed from creation stacks. It closes the connection of a leaked body itself,
 * whatever the {@code reclaim} option says (its pool's lease-checked clean-up).
 */
public final class ReferenceTransport {
    private ReferenceTransport() {
    }

    public static Library library() {
        return Library.called(RuntimeLink.CLIENT_ID).description("bodycheck's own transport, dev.bodycheck.transport")
                .frames(RuntimeLink.FRAME_PREFIXES).entries(RuntimeLink.ENTRY_METHODS)
                .reclaimAlways(Reclaim.SUPPLIED).noHooks();
    }
}
