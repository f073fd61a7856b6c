package dev.bodycheck.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.instrument.ClientHooks;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InstallerTest {
    @Test
    void theGatesLetEveryHookedClassThrough() {
        for (ClientHooks client : Installer.allClients()) {
            String[] gates = Installer.GATES.get(client.client());
            LazyTransformer gate = new LazyTransformer(Arrays.asList(gates), () -> null);
            for (String type : client.typeNames()) {
                assertTrue(gate.passes(type.replace('.', '/')), client.client().id() + ": " + type);
            }
        }
    }

    @Test
    void theGatesAreNarrow() {
        LazyTransformer gate = new LazyTransformer(Arrays.asList(Installer.GATES.values().stream()
                .flatMap(Arrays::stream).toArray(String[]::new)), () -> null);
        for (String common : new String[] {"java/lang/String", "java/net/URL", "okhttp3/OkHttpClient",
            "org/apache/http/HttpResponse", "sun/net/www/protocol/http/HttpURLConnection", "java/util/HashMap"}) {
            assertTrue(!gate.passes(common), common);
        }
    }
}
