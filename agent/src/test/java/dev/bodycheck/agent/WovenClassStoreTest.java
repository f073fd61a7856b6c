package dev.bodycheck.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bodycheck.instrument.Libraries;
import dev.bodycheck.instrument.Library;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup of woven classes: those the agent jar ships first, then the user's; each only under its own key. */
class WovenClassStoreTest {
    private static final String EXCHANGE = "okhttp3/internal/connection/Exchange";
    private static final byte[] SHIPPED = "woven at the build".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEPT = "woven by an earlier JVM".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private Library okhttp;
    private ClassLoader loader;
    private byte[] original;

    @BeforeEach
    void okhttp() throws Exception {
        okhttp = Libraries.ALL.stream().filter(l -> l.id().equals("okhttp")).findFirst().orElseThrow();
        URL jar = Class.forName("okhttp3.OkHttpClient").getProtectionDomain().getCodeSource().getLocation();
        loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        try (InputStream in = loader.getResourceAsStream(EXCHANGE + ".class")) {
            original = in.readAllBytes();
        }
    }

    @Test
    void aShippedEntryIsFoundUnderItsKeyOnly() throws Exception {
        Path classes = Files.createDirectory(tmp.resolve("classes"));
        WovenClassStore store = new WovenClassStore(classes, null, null);
        String key = store.key(okhttp, loader, EXCHANGE, original, false, false);
        assertNotNull(key);
        assertNull(store.get(key, EXCHANGE), "nothing shipped yet");

        ship(classes, key, SHIPPED);
        assertArrayEquals(SHIPPED, store.get(key, EXCHANGE));

        String failFast = store.key(okhttp, loader, EXCHANGE, original, true, false);
        assertNotEquals(key, failFast);
        assertNull(store.get(failFast, EXCHANGE), "the other fail-fast variant");
        String field = store.key(okhttp, loader, EXCHANGE, original, false, true);
        assertNotEquals(key, field);
        assertNull(store.get(field, EXCHANGE), "the variant with the record field");

        byte[] changed = original.clone();
        changed[changed.length - 1] ^= 1;
        assertNull(store.get(store.key(okhttp, loader, EXCHANGE, changed, false, false), EXCHANGE), "other class bytes");
    }

    @Test
    void anEntryOfAnotherKeyOrDamagedIsNotUsed() throws Exception {
        Path classes = Files.createDirectory(tmp.resolve("classes"));
        WovenClassStore store = new WovenClassStore(classes, null, null);
        String key = store.key(okhttp, loader, EXCHANGE, original, false, false);
        Path file = classes.resolve(WovenClassStore.entryName(key, EXCHANGE));
        Files.createDirectories(file.getParent());
        Files.write(file, WovenClassStore.entry(key + " ", SHIPPED));
        assertNull(store.get(key, EXCHANGE), "the key inside the entry differs");

        byte[] damaged = WovenClassStore.entry(key, SHIPPED);
        damaged[damaged.length - 9] ^= 1; // the last woven byte
        Files.write(file, damaged);
        assertNull(store.get(key, EXCHANGE), "the checksum differs");
    }

    @Test
    void anEmptyEntryLeavesTheClassAsItIs() throws Exception {
        Path classes = Files.createDirectory(tmp.resolve("classes"));
        WovenClassStore store = new WovenClassStore(classes, null, null);
        String key = store.key(okhttp, loader, EXCHANGE, original, false, false);
        ship(classes, key, new byte[0]);
        assertArrayEquals(new byte[0], store.get(key, EXCHANGE));
    }

    @Test
    void theAgentJarIsReadAndWinsOverTheUsersStore() throws Exception {
        Path jar = tmp.resolve("agent.jar");
        WovenClassStore keys = new WovenClassStore(null, null, null);
        String key = keys.key(okhttp, loader, EXCHANGE, original, false, false);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(WovenClassStore.entryName(key, EXCHANGE)));
            out.write(WovenClassStore.entry(key, SHIPPED));
        }
        Path user = Files.createDirectory(tmp.resolve("user"));
        WovenClassStore store = new WovenClassStore(jar, user, "build1");
        assertArrayEquals(SHIPPED, store.get(key, EXCHANGE));

        String other = keys.key(okhttp, loader, EXCHANGE, original, true, false);
        assertNull(store.get(other, EXCHANGE));
        store.put(other, EXCHANGE, KEPT);
        assertArrayEquals(KEPT, store.get(other, EXCHANGE), "not shipped: the user's");
        assertNull(new WovenClassStore(jar, user, "build2").get(other, EXCHANGE), "the user's of another build");
    }

    private static void ship(Path classes, String key, byte[] woven) throws Exception {
        Path file = classes.resolve(WovenClassStore.entryName(key, EXCHANGE));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(WovenClassStore.entry(key, woven));
        }
    }
}
