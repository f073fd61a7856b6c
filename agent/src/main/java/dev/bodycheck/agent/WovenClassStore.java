package dev.bodycheck.agent;

import dev.bodycheck.instrument.Library;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * The classes this agent wove, kept for the next JVM: weaving a library class costs the first request of every
 * JVM hundreds of milliseconds of CPU (Byte Buddy's set-up, its classes, their compilation), reading back what
 * was woven before costs a read. Two places hold woven classes: the agent jar itself
 * ({@value #SHIPPED}, made at build time by {@link WovenClassBundle} for the library versions the tests pin),
 * looked at first, then the user's {@code ~/.cache/bodycheck/woven/}, where this agent keeps what it wove. An
 * entry is used only if everything the woven bytes depend on is as it was: the agent (the jar that holds the
 * entry, or the jar's size and time for the user's), the fail-fast option, the class's own bytes, and the class
 * files of every hooked type of its library as the same class loader sees them (the shape check reads those,
 * and weaves a library as a whole or not at all); a loader that does not serve the class file of the class
 * being woven gets no entry. The user's directory must be the user's and closed to everybody else; an entry
 * is checked against its key and its checksum. Whatever goes wrong, the class is woven as if there were no
 * store, and nothing is said.
 */
final class WovenClassStore {
    private static final int MAGIC = 0x626f6479; // "body"
    private static final int BUILDS_KEPT = 8;
    private static final Object BOOTSTRAP = new Object();
    /** Where the agent jar holds the classes woven at build time, in the format of the user's entries. */
    static final String SHIPPED = "META-INF/bodycheck/woven/";

    /** The agent jar (or, run from the build's classes, their directory); null: nothing shipped. */
    private final Path agent;
    private volatile JarFile agentJar;
    /** The user's directory of this agent build; null: none (weaveCache=false, or not to be trusted). */
    private final Path dir;
    private final String build;
    /** Per class loader, per library: the fingerprint of its hooked class files there. */
    private final Map<Object, Map<Library, Fingerprint>> fingerprints = new WeakHashMap<>();

    /** The checksum of a library's hooked class files as one loader finds them, and which it found. */
    private static final class Fingerprint {
        final String crc;
        final Set<String> found;

        Fingerprint(String crc, Set<String> found) {
            this.crc = crc;
            this.found = found;
        }
    }

    WovenClassStore(Path agent, Path dir, String build) {
        this.agent = agent;
        this.dir = dir;
        this.build = build;
    }

    /** The classes shipped in the agent jar, then those under {@code home} (null: none) if it can be trusted. */
    static WovenClassStore open(String home) {
        Path agent;
        try {
            agent = BootstrapJar.agentLocation();
        } catch (RuntimeException e) {
            return new WovenClassStore(null, null, null);
        }
        WovenClassStore user = openUser(agent, home);
        return user != null ? user : new WovenClassStore(agent, null, null);
    }

    private static WovenClassStore openUser(Path agent, String home) {
        try {
            File agentJar = agent.toFile();
            if (home == null || !agentJar.isFile() || !Files.isDirectory(Paths.get(home))) {
                return null;
            }
            String build = Long.toHexString(agentJar.length()) + "-" + Long.toHexString(agentJar.lastModified());
            Path top = Paths.get(home, ".cache", "bodycheck");
            if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(top.getParent());
                createPrivateDirectory(top);
            }
            if (!isPrivate(top)) {
                return null;
            }
            Path woven = top.resolve("woven");
            Path dir = woven.resolve(build);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(woven, LinkOption.NOFOLLOW_LINKS)) {
                    createPrivateDirectory(woven);
                }
                createPrivateDirectory(dir);
                forgetOldBuilds(woven, dir);
            }
            return new WovenClassStore(agent, dir, build);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The key of {@code bytes} of {@code internalName}, woven for {@code library} in {@code loader}, with the
     * record field or without ({@link RecordField}: at a class's load, not at a retransformation); null: none.
     */
    String key(Library library, ClassLoader loader, String internalName, byte[] bytes, boolean failFast,
            boolean recordField) {
        Fingerprint fingerprint = fingerprint(library, loader);
        // a loader that does not serve the class file of the class it defines may define the others from
        // elsewhere too: what the shape check saw cannot be known, so no entry
        return fingerprint == null || !fingerprint.found.contains(internalName) ? null
                : failFast + (recordField ? " field " : " ") + internalName + " " + crc(bytes) + ":" + bytes.length
                        + " " + fingerprint.crc;
    }

    /**
     * The woven bytes stored under {@code key}: those shipped in the agent jar, else the user's; an empty array
     * if the class is to be left as it is; null if none is stored.
     */
    byte[] get(String key, String internalName) {
        byte[] shipped = shipped(key, internalName);
        if (shipped != null || dir == null) {
            return shipped;
        }
        Path file = file(key, internalName);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, build + " " + key);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The entry shipped in the agent jar for {@code key}, or null. */
    private byte[] shipped(String key, String internalName) {
        if (agent == null) {
            return null;
        }
        String name = entryName(key, internalName);
        try {
            if (Files.isDirectory(agent)) { // the build's classes, as in the agent's own tests
                Path file = agent.resolve(name);
                if (!Files.isRegularFile(file)) {
                    return null;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return read(in, key);
                }
            }
            JarFile jar = agentJar;
            if (jar == null) {
                // the class loader that loaded the agent has the jar open: this one shares its directory
                jar = new JarFile(agent.toFile(), false);
                agentJar = jar;
            }
            ZipEntry entry = jar.getEntry(name);
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return read(in, key);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The woven bytes of one entry, if it is whole and stored under {@code key}; else null. */
    private static byte[] read(InputStream stream, String key) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC || !in.readUTF().equals(key)) {
            return null;
        }
        byte[] woven = new byte[in.readInt()];
        in.readFully(woven);
        return in.readLong() == crc(woven) ? woven : null;
    }

    /** One entry: the key, the woven bytes (empty: leave the class as it is) and their checksum. */
    static byte[] entry(String key, byte[] woven) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(woven.length + key.length() + 32);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeUTF(key);
        data.writeInt(woven.length);
        data.write(woven);
        data.writeLong(crc(woven));
        return out.toByteArray();
    }

    /** The name of the entry shipped in the agent jar for {@code key}. */
    static String entryName(String key, String internalName) {
        return SHIPPED + fileName(key, internalName);
    }

    /** Stores {@code woven} under {@code key}: written aside, then moved in place, so no reader sees a part. */
    void put(String key, String internalName, byte[] woven) {
        if (dir == null) {
            return;
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "entry", ".tmp"); // readable by the user only
            Files.write(tmp, entry(build + " " + key, woven));
            Files.move(tmp, file(key, internalName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // another JVM may store the same entry; this one weaves again next time
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // left in the store's directory, where nothing reads it
                }
            }
        }
    }

    private Path file(String key, String internalName) {
        return dir.resolve(fileName(key, internalName));
    }

    private static String fileName(String key, String internalName) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return internalName.replace('/', '.') + "-" + Long.toHexString(crc(k)) + ".woven";
    }

    /**
     * The class files of every hooked type of {@code library} (those of other versions absent) as {@code loader}
     * finds them, as one checksum; null if one cannot be read.
     */
    private Fingerprint fingerprint(Library library, ClassLoader loader) {
        Object owner = loader == null ? BOOTSTRAP : loader;
        synchronized (fingerprints) {
            Map<Library, Fingerprint> of = fingerprints.get(owner);
            if (of != null && of.containsKey(library)) {
                return of.get(library);
            }
        }
        Fingerprint fingerprint;
        try {
            CRC32 crc = new CRC32();
            Set<String> found = new java.util.HashSet<>();
            byte[] chunk = new byte[8192];
            for (String type : library.typeNames()) {
                String internalName = type.replace('.', '/');
                String resource = internalName + ".class";
                crc.update(resource.getBytes(StandardCharsets.UTF_8));
                try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                        : loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        crc.update(0);
                        continue;
                    }
                    found.add(internalName);
                    crc.update(1);
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        crc.update(chunk, 0, n);
                    }
                }
            }
            fingerprint = new Fingerprint(Long.toHexString(crc.getValue()), found);
        } catch (IOException | RuntimeException e) {
            fingerprint = null;
        }
        synchronized (fingerprints) {
            Map<Library, Fingerprint> of = fingerprints.get(owner);
            if (of == null) {
                of = new HashMap<>();
                fingerprints.put(owner, of);
            }
            of.put(library, fingerprint);
        }
        return fingerprint;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir); // not POSIX: the user's profile directory is private there
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made by another JVM at the same time; its owner and mode are checked before use
        }
    }

    /** The directory is not a link, is the user's, and nobody else may write to or read it. */
    private static boolean isPrivate(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            return !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE)
                    && !p.contains(PosixFilePermission.GROUP_READ) && !p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    /** A new agent build: the entries of all but the newest {@value #BUILDS_KEPT} builds go. */
    private static void forgetOldBuilds(Path woven, Path current) {
        // no lambda on the common path: the first one of a JVM costs a class spun at run time
        File[] all = woven.toFile().listFiles();
        if (all == null || all.length <= BUILDS_KEPT) {
            return;
        }
        File[] builds = Arrays.stream(all).filter(File::isDirectory).toArray(File[]::new);
        if (builds.length <= BUILDS_KEPT) {
            return;
        }
        Arrays.sort(builds, (a, b) -> Long.compare(b.lastModified(), a.lastModified()));
        for (File build : Arrays.asList(builds).subList(BUILDS_KEPT, builds.length)) {
            if (build.toPath().equals(current)) {
                continue;
            }
            File[] entries = build.listFiles();
            if (entries != null) {
                for (File e : entries) {
                    e.delete();
                }
            }
            build.delete();
        }
    }
}
