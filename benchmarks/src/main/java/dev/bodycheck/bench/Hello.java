package dev.bodycheck.bench;

/** The start-up benchmark's application: prints one line and exits. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
