package dev.bodycheck.demo;

/** Replays the heartbeat incident (being written). */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.out.println("bodycheck demo");
    }
}
