package dev.bodycheck.it.app;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Mockito's inline mock maker (which attaches its own Byte Buddy agent and retransforms classes) in the
 * same JVM as bodycheck: mocking a final class works, and a dropped OkHttp body is still reported.
 */
public final class WithMockito {
    /** Final, so only the inline mock maker can mock it. */
    public static final class Clock {
        public String now() {
            return "real";
        }
    }

    public static void main(String[] args) throws Exception {
        Clock clock = mock(Clock.class);
        when(clock.now()).thenReturn("mocked");
        System.out.println("MOCK " + clock.now());
        new OkHttpAdapter().get(args[0] + "/it/mockito-drop");
        System.out.println("DONE");
        System.exit(0);
    }
}
