package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bodycheck.runtime.CodeOrigins.Origin;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeOriginsTest {
    @TempDir
    Path dir;

    @Test
    void classDirectoriesAndTheClassesOfBootAndWarArchivesAreTheApplications() throws Exception {
        assertEquals(Origin.APPLICATION, CodeOrigins.originOf(dir.toUri().toString(), null));
        assertEquals(Origin.APPLICATION, CodeOrigins.originOf("jar:nested:/srv/app.jar/!BOOT-INF/classes/!/", null));
        assertEquals(Origin.APPLICATION, CodeOrigins.originOf("jar:file:/srv/app.jar!/BOOT-INF/classes!/", null));
        assertEquals(Origin.APPLICATION, CodeOrigins.originOf("file:/srv/tomcat/webapps/shop/WEB-INF/classes/", null));
    }

    @Test
    void dependencyJarsTheJdkAndTheLibrariesOfArchivesAreNot() {
        assertEquals(Origin.LIBRARY, CodeOrigins.originOf("file:/home/u/.m2/repository/kong/unirest-java-core.jar", null));
        assertEquals(Origin.LIBRARY, CodeOrigins.originOf("jar:file:/home/u/.m2/repository/x/y.jar!/", null));
        assertEquals(Origin.LIBRARY, CodeOrigins.originOf("jar:nested:/srv/app.jar/!BOOT-INF/lib/okhttp-4.12.0.jar", null));
        assertEquals(Origin.LIBRARY, CodeOrigins.originOf("jar:file:/srv/app.jar!/BOOT-INF/lib/okhttp-4.12.0.jar!/", null));
        assertEquals(Origin.LIBRARY, CodeOrigins.originOf("file:/srv/tomcat/webapps/shop/WEB-INF/lib/feign-core.jar", null));
        assertEquals(Origin.LIBRARY, CodeOrigins.originOf("jrt:/java.net.http", null));
    }

    @Test
    void theLaunchedJarAndUnknownPlacesCannotTell() {
        Path app = Paths.get("/srv/app.jar").toAbsolutePath();
        assertEquals(Origin.UNKNOWN, CodeOrigins.originOf(app.toUri().toString(), app));
        assertEquals(Origin.UNKNOWN, CodeOrigins.originOf("jar:" + app.toUri() + "!/", app));
        assertEquals(Origin.UNKNOWN, CodeOrigins.originOf("http://example.invalid/classes/", null));
        assertEquals(Origin.UNKNOWN, CodeOrigins.originOf(dir.resolve("missing").toUri().toString(), null));
    }

    @Test
    void theLaunchedJarIsTheClassPathsOnlyJar() {
        assertEquals(Paths.get("app.jar").toAbsolutePath(), CodeOrigins.launchedJar("app.jar"));
        assertNull(CodeOrigins.launchedJar("app.jar" + File.pathSeparator + "lib.jar"));
        assertNull(CodeOrigins.launchedJar("target/classes"));
        assertNull(CodeOrigins.launchedJar(null));
    }

    @Test
    void loadedClassesAreJudgedByWhereTheyCameFrom() {
        CodeOrigins.use(() -> new Class<?>[] {CodeOriginsTest.class, Test.class, String.class});
        try {
            StackTraceElement[] frames = {
                new StackTraceElement("app", null, null, CodeOriginsTest.class.getName(), "m", "CodeOriginsTest.java", 1),
                new StackTraceElement("app", null, null, Test.class.getName(), "m", "Test.java", 1),
                new StackTraceElement(null, "java.base", null, "java.lang.String", "m", "String.java", 1),
                new StackTraceElement("app", null, null, "com.example.NeverLoaded", "m", "NeverLoaded.java", 1),
            };
            Origin[] o = CodeOrigins.of(frames, 0);
            assertEquals(Origin.APPLICATION, o[0], "from target/test-classes");
            assertEquals(Origin.LIBRARY, o[1], "from JUnit's jar");
            assertEquals(Origin.LIBRARY, o[2], "the JDK");
            assertEquals(Origin.UNKNOWN, o[3], "not loaded: the list decides");
        } finally {
            CodeOrigins.use(null);
        }
    }
}
