package dev.bodycheck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstallerTest {
    @Test
    void theGatesLetEveryHookedClassThrough() {
        for (Library l : Libraries.ALL) {
            LazyTransformer gate = new LazyTransformer(l.gates(), () -> null);
            for (String type : l.typeNames()) {
                assertTrue(gate.passes(type.replace('.', '/'), false), l.id() + ": " + type);
                assertTrue(gate.passes(type, true), l.id() + ": " + type + " (a loaded class's name)");
            }
        }
    }

    @Test
    void noTypeIsHookedByTwoLibraries() {
        // the weaver takes the first library that hooks a class, and makes no other library's hooks
        Set<String> seen = new HashSet<>();
        for (Library l : Libraries.ALL) {
            for (String type : l.typeNames()) {
                assertTrue(seen.add(type), l.id() + ": " + type);
                assertTrue(l.hooks(type.replace('.', '/')), l.id() + ": " + type);
            }
        }
        Library okhttp = null;
        for (Library l : Libraries.ALL) {
            okhttp = l.id().equals("okhttp") ? l : okhttp;
        }
        assertFalse(okhttp.hooks("okhttp3/internal/connection/RealConnection"), "passes the gate, not hooked");
        assertFalse(okhttp.hooks("okhttp3.internal.connection.Exchange"), "a binary name is no internal name");
        assertTrue(okhttp.hooks("okhttp3/internal/connection/Exchange"));
    }

    @Test
    void theGatesAreNarrow() {
        List<String> all = new ArrayList<>();
        for (Library l : Libraries.ALL) {
            all.addAll(l.gates());
        }
        LazyTransformer gate = new LazyTransformer(all, () -> null);
        for (String common : new String[] {"java/lang/String", "java/net/URL", "okhttp3/OkHttpClient",
            "org/apache/http/HttpResponse", "sun/net/www/protocol/http/HttpURLConnection", "java/util/HashMap"}) {
            assertFalse(gate.passes(common, false), common);
            assertFalse(gate.passes(common.replace('/', '.'), true), common);
        }
        assertFalse(gate.passes("", false));
        assertFalse(gate.passes(null, false));
        assertFalse(gate.passes("\u00e9t\u00e9/Class", false));
        assertFalse(gate.passes("okhttp3/internal/connection", false), "shorter than a gate");
        assertFalse(gate.passes("okhttp3.internal.connection", true), "shorter than a gate");
        assertTrue(gate.passes("okhttp3/internal/connection/Exchange", false));
        assertFalse(gate.passes("okhttp3/internal/connection.Exchange", false), "an internal name has no dots");
    }

    @Test
    void everyLibraryHasOneIdFramesAndADescription() {
        Set<String> ids = new HashSet<>();
        for (Library l : Libraries.ALL) {
            assertTrue(ids.add(l.id()), "ids are distinct: " + l.id());
            assertTrue(l.isClient() || Libraries.ids().containsAll(l.serves()), l.id() + " serves clients");
        }
        for (Library l : Libraries.ALL) {
            assertTrue(l.id().matches("[a-z0-9-]+"), l.id());
            assertFalse(l.description().isEmpty(), l.id());
            assertTrue(l.framePrefixes().length > 0, l.id());
            assertEquals(l.typeNames().isEmpty(), l.gates().isEmpty(), l.id() + ": gates if and only if hooks");
        }
    }
}
