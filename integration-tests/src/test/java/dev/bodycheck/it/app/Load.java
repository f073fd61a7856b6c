package dev.bodycheck.it.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many threads, many requests, a fixed mix: one in ten dropped (leaks), two in ten closed unread, the rest
 * read whole by the library's helper. {@code Load <base URL> <threads> <requests per thread> <adapter>...};
 * threads take the adapters in turn. Prints the expected counts; the agent's summary must match them.
 */
public final class Load {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int threads = Integer.parseInt(args[1]);
        int perThread = Integer.parseInt(args[2]);
        List<ClientAdapter> adapters = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            adapters.add((ClientAdapter) Class.forName(args[i]).getDeclaredConstructor().newInstance());
        }
        AtomicLong leaked = new AtomicLong();
        AtomicLong closed = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ClientAdapter client = adapters.get(t % adapters.size());
            Thread w = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    try {
                        switch (i % 10) {
                            case 0:
                                client.get(base + "/it/load-leak");
                                leaked.incrementAndGet();
                                break;
                            case 1:
                            case 2:
                                client.close(client.get(base + "/it/load-close"));
                                closed.incrementAndGet();
                                break;
                            default:
                                client.getWithHelper(base + "/it/load-helper");
                                consumed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, "load-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("EXPECT leaked=" + leaked + " closed=" + closed + " consumed=" + consumed
                + " failures=" + failures);
        System.exit(0);
    }
}
