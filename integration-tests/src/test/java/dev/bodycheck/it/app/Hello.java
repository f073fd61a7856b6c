package dev.bodycheck.it.app;

/** An application that makes no HTTP request at all. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
