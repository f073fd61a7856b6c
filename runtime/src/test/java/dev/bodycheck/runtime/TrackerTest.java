package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.testapp.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one test class that starts the JVM-wide tracker. */
class TrackerTest {
    static Path report;

    @BeforeAll
    static void start() throws Exception {
        report = Files.createTempFile("tracker-test", ".jsonl");
        // every body's stack (stacks=auto is AutoStacksTest's)
        Lifecycle.start(Config.builder().log(Config.LogTarget.NONE).reportFile(report.toString()).stackEvery(1)
                .build());
    }

    private static Stats delta(Stats before) {
        Stats now = Tracker.stats().of(TestClients.TEST.id());
        return new Stats(now.opened() - before.opened(), now.consumed() - before.consumed(),
                now.closed() - before.closed(), now.leaked() - before.leaked(), now.ignored() - before.ignored(),
                now.reclaimed() - before.reclaimed(), null);
    }

    private static Stats before() {
        return Tracker.stats().of(TestClients.TEST.id());
    }

    @Test
    void consumedAndClosedBodiesLeaveTheRegistry() {
        Stats before = before();
        Object a = new Object();
        Object b = new Object();
        Tracker.open(a, TestClients.facts("GET", "http://127.0.0.1/a", 200));
        Tracker.open(b, TestClients.facts("GET", "http://127.0.0.1/b", 200));
        assertTrue(Tracker.isOpen(a));
        Tracker.consumed(a);
        Tracker.closed(a); // after EOF, a close changes nothing
        Tracker.closed(b);
        Tracker.consumed(b);
        assertFalse(Tracker.isOpen(a));
        assertFalse(Tracker.isOpen(b));
        Stats d = delta(before);
        assertEquals(2, d.opened());
        assertEquals(1, d.consumed());
        assertEquals(1, d.closed());
        assertEquals(0, d.open());
    }

    @Test
    void aDroppedOpenBodyIsReportedOnceWithItsLineAndItsConnectionIsReclaimed() throws Exception {
        Stats before = before();
        AtomicInteger onLeak = new AtomicInteger();
        App.openAndDrop("/dropped", onLeak::incrementAndGet);
        Tracker.collect(2000); // also waits for a leak that the reaper thread is reporting
        assertEquals(1, delta(before).leaked());
        assertEquals(1, onLeak.get());
        assertEquals(1, delta(before).reclaimed());
        List<String> lines = Files.readAllLines(report);
        String leak = lines.stream().filter(l -> l.contains("/dropped")).findFirst().orElseThrow();
        assertTrue(leak.contains("\"client\":\"test\""), leak);
        assertTrue(leak.contains("\"bytesRead\":12"), leak);
        assertTrue(leak.contains("\"pinned\":true,\"reclaimed\":true"), leak);
        assertTrue(leak.contains("\"stack\":[\"dev.bodycheck.testapp.App.openAndDrop(App.java:"), leak);
    }

    private static final Client UNMEASURED = Clients.register("unmeasured-test", true, new String[0], new String[0],
            null, null, false, false);

    /**
     * A body created on a library's thread for a request made elsewhere, unsampled: the report names the thread
     * that made the request, and claims no {@code pinned} for a client that cannot tell.
     */
    @Test
    void anUnsampledRemoteBodyNamesTheRequestingThreadAndClaimsNoPinning() throws Exception {
        Stats before = Tracker.stats().of(UNMEASURED.id());
        Object request = new Object();
        Thread asker = new Thread(() -> RememberedSites.remember(request, null, null), "the-requester");
        asker.start();
        asker.join();
        openAndDrop(request);
        Tracker.collect(2000);
        assertEquals(1, Tracker.stats().of(UNMEASURED.id()).leaked() - before.leaked());
        String leak = Files.readAllLines(report).stream().filter(l -> l.contains("/made-elsewhere")).findFirst()
                .orElseThrow();
        assertTrue(leak.contains("\"thread\":\"the-requester\""), leak);
        assertTrue(leak.contains("\"pinned\":null,\"reclaimed\":false"), leak);
        assertTrue(leak.contains("\"stack\":[]"), leak);
    }

    private static void openAndDrop(Object request) {
        Tracker.open(new Object(), ResponseFacts.of(UNMEASURED.id(), "GET", "http://127.0.0.1/made-elsewhere", 200),
                request, null);
    }

    /**
     * An ended record keeps its weak reference: the one this thread read last still holds it. Reads of the same
     * object, opened again on another thread, go to its new record; collected, the ended one is no leak.
     */
    @Test
    void anEndedRecordThatTheLastReadHoldsTakesNoReadsAndIsNoLeak() throws Exception {
        Stats before = before();
        for (Object body : new Object[] {new Object(), new LinkedRecordsTest.Held()}) { // found by identity, or held
            Tracker.open(body, TestClients.facts("GET", "http://127.0.0.1/ended-held", 200));
            Tracker.read(body, 5);
            Tracker.closed(body);
            Thread other = new Thread(
                    () -> Tracker.open(body, TestClients.facts("GET", "http://127.0.0.1/ended-held", 200)));
            other.start();
            other.join();
            Tracker.read(body, 7);
            assertEquals(7, OpenBodies.find(body).bytesRead);
            Tracker.consumed(body);
        }
        Tracker.collect(2000);
        Stats d = delta(before);
        assertEquals(4, d.opened());
        assertEquals(2, d.closed());
        assertEquals(2, d.consumed());
        assertEquals(0, d.leaked());
    }

    @Test
    void aBodyEndedThroughItsAliasIsNotALeak() throws Exception {
        Stats before = before();
        Object holder = new Object();
        Object body = new Object();
        Tracker.open(body, TestClients.facts("GET", "http://127.0.0.1/alias", 200));
        Tracker.alias(holder, body);
        Tracker.closedVia(holder);
        assertFalse(Tracker.isOpen(body));
        Tracker.closedVia(holder); // twice: nothing more
        assertEquals(1, delta(before).closed());
    }

    /**
     * A body read to its end with its alias named: the alias goes with it (it would else stay until its key is
     * collected), and an alias of another open body with the same key stays.
     */
    @Test
    void aBodyEndedWithItsAliasTakesOnlyThatAlias() throws Exception {
        Stats before = before();
        Object runtime = new Object();
        Object first = new Object();
        Object second = new Object();
        Tracker.open(first, TestClients.facts("GET", "http://127.0.0.1/alias-first", 200));
        Tracker.alias(runtime, first);
        assertTrue(OpenBodies.holdsAlias(runtime));
        Tracker.consumed(first, runtime);
        assertFalse(Tracker.isOpen(first));
        assertFalse(OpenBodies.holdsAlias(runtime), "the alias went with its body");

        Tracker.open(first = new Object(), TestClients.facts("GET", "http://127.0.0.1/alias-first", 200));
        Tracker.alias(runtime, first);
        Tracker.open(second, TestClients.facts("GET", "http://127.0.0.1/alias-second", 200));
        Tracker.closed(second, runtime); // not the body of the alias: it stays
        assertTrue(OpenBodies.holdsAlias(runtime));
        Tracker.closedVia(runtime);
        assertFalse(Tracker.isOpen(first), "ended through the alias that stayed");
        assertEquals(1, delta(before).consumed());
        assertEquals(2, delta(before).closed());
    }

    @Test
    void aHandedOverStreamIsTheBodyAndTheLibrarysEndStillEndsIt() throws Exception {
        Stats before = before();
        Object library = new Object();
        Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/handed", 200));
        java.io.InputStream raw = new java.io.ByteArrayInputStream(new byte[] {1, 2, 3});
        java.io.InputStream wrapper = Tracker.handOver(library, raw);
        assertTrue(wrapper != raw, "a wrapper");
        assertTrue(Tracker.isOpen(wrapper));
        assertFalse(Tracker.isOpen(library), "the record moved");
        assertTrue(Tracker.handOver(library, raw) == raw, "handed over once");
        assertEquals(1, wrapper.read());
        Tracker.libraryEnded(library, true);
        assertFalse(Tracker.isOpen(wrapper));
        wrapper.close(); // after the library's end: nothing more
        Tracker.libraryEnded(library, false);
        Stats d = delta(before);
        assertEquals(1, d.opened(), "one body, moved, not two");
        assertEquals(1, d.consumed());
        assertEquals(0, d.closed());
        assertEquals(0, d.leaked());
    }

    @Test
    void aStreamHandedOverThroughAnAliasIsTheBodyAndTheLibrarysEndStillEndsIt() throws Exception {
        Stats before = before();
        Object library = new Object();
        Object inner = new Object();
        java.io.InputStream raw = new java.io.ByteArrayInputStream(new byte[] {1, 2, 3});
        assertTrue(Tracker.handOverVia(inner, raw) == raw, "no alias yet: nothing to hand over");
        Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/handed-via", 200));
        Tracker.alias(inner, library);
        java.io.InputStream wrapper = Tracker.handOverVia(inner, raw);
        assertTrue(wrapper != raw, "a wrapper");
        assertTrue(Tracker.isOpen(wrapper));
        assertFalse(Tracker.isOpen(library), "the record moved");
        assertTrue(Tracker.handOverVia(inner, raw) == raw, "handed over once");
        assertEquals(1, wrapper.read());
        Tracker.libraryEnded(library, false);
        assertFalse(Tracker.isOpen(wrapper), "the library's object is the wrapper's alias");
        wrapper.close();
        Stats d = delta(before);
        assertEquals(1, d.opened(), "one body, moved, not two");
        assertEquals(0, d.consumed());
        assertEquals(1, d.closed());
        assertEquals(0, d.leaked());
    }

    @Test
    void aSourceEndedBeforeOrAfterTheHandOverMakesADroppedWrapperALeakThatPinnedNothing() throws Exception {
        Stats before = before();
        for (String when : new String[] {"before", "after"}) {
            Object library = new Object();
            Object inner = new Object();
            Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/ended-" + when, 200));
            Tracker.alias(inner, library);
            if (when.equals("before")) {
                Tracker.sourceEnded(library, new Object()); // the test client cannot tell what is unread
            }
            java.io.InputStream wrapper = Tracker.handOverVia(inner, new java.io.ByteArrayInputStream(new byte[8]));
            if (when.equals("after")) {
                Tracker.sourceEnded(library, new Object());
            }
            assertTrue(Tracker.isOpen(wrapper), "read ahead, not read: still open");
            assertEquals(2, wrapper.read(new byte[2]));
        }
        Tracker.collect(2000);
        assertEquals(2, delta(before).leaked());
        for (String when : new String[] {"before", "after"}) {
            String leak = Files.readAllLines(report).stream().filter(l -> l.contains("/ended-" + when)).findFirst()
                    .orElseThrow();
            assertTrue(leak.contains("\"pinned\":false") && leak.contains("\"bytesRead\":2"), leak);
        }
    }

    @Test
    void aBodyHandedToAnyHolderIsEndedThroughEveryEarlierAliasAndHandle() throws Exception {
        Stats before = before();
        // a library body with an alias (Reactor Netty's proxy, the response behind it)
        Object library = new Object();
        Object response = new Object();
        BodyRef handle = Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/holder-alias", 200));
        Tracker.alias(response, library);
        Object holder = new Object();
        BodyRef moved = Tracker.handOverTo(library, holder);
        assertTrue(moved != null && Tracker.isOpen(holder), "the holder is the body now");
        assertFalse(Tracker.isOpen(library), "the record moved");
        assertTrue(Tracker.isOpenVia(library) && Tracker.isOpenVia(response), "both still lead to it");
        handle.read(5); // a handle kept from before the move counts for the body
        Tracker.closedVia(response);
        assertFalse(Tracker.isOpen(holder), "the library's alias ended the moved body");
        assertFalse(Tracker.isOpenVia(response));
        // an alias of an alias (Apache's publisher, Spring's response around it), then the handle's own end
        Object consumer = new Object();
        Object publisher = new Object();
        Object springResponse = new Object();
        BodyRef consumerHandle = Tracker.open(consumer, TestClients.facts("GET", "http://127.0.0.1/holder-via", 200));
        Tracker.alias(publisher, consumer);
        Tracker.aliasVia(springResponse, publisher);
        Object flux = new Object();
        assertTrue(Tracker.handOverTo(springResponse, flux) != null);
        assertTrue(Tracker.isOpen(flux));
        consumerHandle.consumed();
        assertFalse(Tracker.isOpen(flux), "the old handle's end followed the move");
        Tracker.libraryEnded(consumer, false); // after the end: nothing more
        assertTrue(Tracker.handOverTo(springResponse, new Object()) == null, "nothing open to hand over");
        Stats d = delta(before);
        assertEquals(2, d.opened(), "two bodies, moved, not four");
        assertEquals(1, d.consumed());
        assertEquals(1, d.closed());
        assertEquals(0, d.leaked());
        assertEquals(0, d.open());
        assertTrue(moved.bytesRead == 5, "read through the old handle: " + moved.bytesRead);
        assertTrue(holder != null && flux != null && library != null && response != null);
    }

    @Test
    void aHolderDroppedIsOneLeakThatTheLibrarysLaterEndDoesNotCountAgain() throws Exception {
        Stats before = before();
        Object library = new Object();
        Object response = new Object();
        Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/holder-dropped", 200));
        Tracker.alias(response, library);
        assertTrue(Tracker.handOverTo(response, new Object()) != null, "handed over from the alias");
        Tracker.collect(2000);
        assertEquals(1, delta(before).leaked(), "the holder was collected while the library's objects live on");
        Tracker.closedVia(response);
        Tracker.libraryEnded(library, true);
        Stats d = delta(before);
        assertEquals(1, d.opened());
        assertEquals(0, d.closed() + d.consumed());
        assertTrue(library != null && response != null);
    }

    @Test
    void aHandedOverStreamDroppedIsOneLeakAndANeverHandedBodyIsNot() throws Exception {
        Stats before = before();
        Object library = new Object();
        Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/handed-dropped", 200));
        Tracker.handOver(library, new java.io.ByteArrayInputStream(new byte[8])).read(new byte[4]);
        Tracker.collect(2000);
        Stats d = delta(before);
        assertEquals(1, d.leaked(), "the wrapper was collected while the library's object lives on");
        String leak = Files.readAllLines(report).stream().filter(l -> l.contains("/handed-dropped")).findFirst()
                .orElseThrow();
        assertTrue(leak.contains("\"bytesRead\":4"), leak);
        Tracker.libraryEnded(library, false); // the library ends it later: counted once, as leaked
        assertEquals(0, delta(before).closed());
        assertTrue(library != null);
    }

    /** A body that holds its record (a class woven at its load): the same counts, through its field. */
    @Test
    void aBodyThatHoldsItsRecordIsReadAndEndedOnceThroughIt() {
        Stats before = before();
        LinkedRecordsTest.Held body = new LinkedRecordsTest.Held();
        BodyRef ref = Tracker.open(body, TestClients.facts("GET", "http://127.0.0.1/held", 200));
        assertTrue(ref == body.bodycheck$ref(), "the record is in the body's field");
                assertTrue(Tracker.isOpen(body));
        Tracker.read(body, 5);
        Tracker.read(body, 2);
        assertEquals(7, ref.bytesRead);
        int open = Tracker.openCount();
        Tracker.consumed(body);
        Tracker.closed(body); // after EOF, a close changes nothing
        Tracker.consumed(body);
        assertFalse(Tracker.isOpen(body));
        assertEquals(open - 1, Tracker.openCount());
        Stats d = delta(before);
        assertEquals(1, d.opened());
        assertEquals(1, d.consumed());
        assertEquals(0, d.closed());
    }

    /**
     * An alias that holds a record (Apache's exec runtime woven at its load) holds its body's: the body's end takes
     * it, an end through it ends the body once, and the end of another body leaves it.
     */
    @Test
    void anAliasThatHoldsARecordHoldsItsBodysAndLosesItWithTheBody() {
        Stats before = before();
        LinkedRecordsTest.Held runtime = new LinkedRecordsTest.Held();
        LinkedRecordsTest.Held first = new LinkedRecordsTest.Held();
        BodyRef firstRef = Tracker.open(first, TestClients.facts("GET", "http://127.0.0.1/held-alias", 200));
        Tracker.alias(runtime, first);
        assertTrue(runtime.bodycheck$ref() == firstRef);
        assertTrue(OpenBodies.holdsAlias(runtime));
        assertFalse(Tracker.isOpen(runtime), "an alias is no body");
        Tracker.consumed(first, runtime);
        assertTrue(runtime.bodycheck$ref() == null, "the alias went with its body");
        assertFalse(OpenBodies.holdsAlias(runtime));

        LinkedRecordsTest.Held second = new LinkedRecordsTest.Held();
        LinkedRecordsTest.Held other = new LinkedRecordsTest.Held();
        Tracker.open(second, TestClients.facts("GET", "http://127.0.0.1/held-alias", 200));
        Tracker.alias(runtime, second);
        Tracker.open(other, TestClients.facts("GET", "http://127.0.0.1/held-alias-other", 200));
        Tracker.closed(other, runtime); // not the body of the alias: it stays
        assertTrue(OpenBodies.holdsAlias(runtime));
        Tracker.closedVia(runtime);
        assertFalse(Tracker.isOpen(second), "ended through the alias");
        Tracker.closedVia(runtime); // twice: nothing more
        Tracker.closed(second, runtime);
        Stats d = delta(before);
        assertEquals(3, d.opened());
        assertEquals(1, d.consumed());
        assertEquals(2, d.closed());
    }

    /**
     * A dropped body whose alias is ended after the collector cleared the body's record (a framework's finalizer
     * closing the dropped response) is a leak, not closed: through an alias that holds the record, as through the
     * alias table.
     */
    @Test
    void anEndThroughAnAliasAfterTheBodyWasCollectedIsNoEnd() throws Exception {
        Stats before = before();
        LinkedRecordsTest.Held heldBody = new LinkedRecordsTest.Held();
        LinkedRecordsTest.Held holder = new LinkedRecordsTest.Held();
        BodyRef held = Tracker.open(heldBody, TestClients.facts("GET", "http://127.0.0.1/alias-after-gc-held", 200));
        Tracker.alias(holder, heldBody);
        Object tableBody = new Object();
        Object key = new Object();
        BodyRef table = Tracker.open(tableBody, TestClients.facts("GET", "http://127.0.0.1/alias-after-gc", 200));
        Tracker.alias(key, tableBody);
        held.clear(); // as the collector does, before it enqueues the record
        table.clear();
        Tracker.closedVia(holder);
        Tracker.closedVia(key);
        assertEquals(0, delta(before).closed());
        assertTrue(OpenBodies.holds(held) && OpenBodies.holds(table), "left to the reaper");
        held.enqueue();
        table.enqueue();
        Tracker.collect(2000);
        assertEquals(2, delta(before).leaked());
        assertEquals(0, delta(before).closed());
        assertTrue(heldBody != null && tableBody != null && holder != null && key != null);
    }

    /** Dropped open, a body that holds its record is one leak; dropped after its end, none. */
    @Test
    void aDroppedBodyThatHoldsItsRecordIsALeakAndAnEndedOneIsNot() throws Exception {
        Stats before = before();
        openHeldAndDrop("/held-dropped", false);
        openHeldAndDrop("/held-ended", true);
        Tracker.collect(2000);
        Stats d = delta(before);
        assertEquals(2, d.opened());
        assertEquals(1, d.closed());
        assertEquals(1, d.leaked());
        assertEquals(1, Files.readAllLines(report).stream().filter(l -> l.contains("/held-dropped")).count());
        assertEquals(0, Files.readAllLines(report).stream().filter(l -> l.contains("/held-ended")).count());
    }

    private static void openHeldAndDrop(String path, boolean close) {
        LinkedRecordsTest.Held body = new LinkedRecordsTest.Held();
        LinkedRecordsTest.Held runtime = new LinkedRecordsTest.Held();
        Tracker.open(body, TestClients.facts("GET", "http://127.0.0.1" + path, 200));
        Tracker.alias(runtime, body);
        if (close) {
            Tracker.closed(body, runtime);
        }
    }

    /** A body that holds its record, handed over to a stream: the library's end through it ends the stream. */
    @Test
    void aBodyThatHoldsItsRecordHandedOverIsEndedByTheLibrarysEnd() throws Exception {
        Stats before = before();
        LinkedRecordsTest.Held library = new LinkedRecordsTest.Held();
        Tracker.open(library, TestClients.facts("GET", "http://127.0.0.1/held-handed", 200));
        java.io.InputStream raw = new java.io.ByteArrayInputStream(new byte[] {1, 2, 3});
        java.io.InputStream wrapper = Tracker.handOver(library, raw);
        assertTrue(wrapper != raw, "a wrapper");
        assertTrue(Tracker.isOpen(wrapper));
        assertFalse(Tracker.isOpen(library), "the record moved");
        assertEquals(1, wrapper.read());
        Tracker.libraryEnded(library, false);
        assertFalse(Tracker.isOpen(wrapper));
        wrapper.close();
        Tracker.libraryEnded(library, true);
        Stats d = delta(before);
        assertEquals(1, d.opened());
        assertEquals(1, d.closed());
        assertEquals(0, d.consumed());
        assertEquals(0, d.leaked());
    }

    /**
     * A body ended on another thread is not ended again on the thread that opened it (whose last record it still
     * is): found by identity or holding its record alike.
     */
    @Test
    void aBodyEndedOnAnotherThreadIsNotEndedAgainOnTheThreadThatOpenedIt() throws Exception {
        Stats before = before();
        for (Object body : new Object[] {new Object(), new LinkedRecordsTest.Held()}) {
            Tracker.open(body, TestClients.facts("GET", "http://127.0.0.1/ended-elsewhere", 200));
            Thread other = new Thread(() -> Tracker.closed(body));
            other.start();
            other.join();
            Tracker.read(body, 3);
            Tracker.consumed(body);
            assertFalse(Tracker.isOpen(body));
        }
        Stats d = delta(before);
        assertEquals(2, d.opened());
        assertEquals(2, d.closed());
        assertEquals(0, d.consumed());
    }

    @Test
    void preparedFactsOpenTheNextBodyOnThisThreadOnly() {
        Stats before = before();
        Tracker.prepare(TestClients.facts("POST", "http://127.0.0.1/p", 201), null);
        Object body = new Object();
        Tracker.openPrepared(body);
        Object second = new Object();
        Tracker.openPrepared(second); // facts are used once
        assertTrue(Tracker.isOpen(body));
        assertFalse(Tracker.isOpen(second));
        Tracker.consumed(body);
        Tracker.clearPrepared();
        assertEquals(1, delta(before).opened());
    }

    @Test
    void anAsynchronousBodyCarriesTheStackOfTheThreadThatMadeTheRequest() throws Exception {
        Object call = new Object();
        App.rememberHere(call);
        Thread t = new Thread(() -> dropOnOtherThread(call), "dispatcher");
        t.start();
        t.join();
        Tracker.collect(2000);
        String leak = Files.readAllLines(report).stream().filter(l -> l.contains("/async")).findFirst().orElseThrow();
        assertTrue(leak.contains("\"thread\":\"" + Thread.currentThread().getName() + "\""), leak);
        assertTrue(leak.contains("\"stack\":[\"dev.bodycheck.testapp.App.rememberHere(App.java:"), leak);
    }

    private static void dropOnOtherThread(Object call) {
        Tracker.open(new Object(), TestClients.facts("GET", "http://127.0.0.1/async", 200), call, null);
    }

    @Test
    void readsAreCountedPerBodyWhateverTheirOrder() {
        Object a = new Object();
        Object b = new Object();
        Tracker.open(a, TestClients.facts("GET", "http://127.0.0.1/read-a", 200));
        Tracker.open(b, TestClients.facts("GET", "http://127.0.0.1/read-b", 200));
        Tracker.read(a, 5);
        Tracker.read(a, 1);
        Tracker.read(b, 7);
        Tracker.read(a, 1);
        assertEquals(7, OpenBodies.find(a).bytesRead);
        assertEquals(7, OpenBodies.find(b).bytesRead);
        Tracker.consumed(a);
        Tracker.read(a, 100); // after its end: nothing to count
        Tracker.read(b, 1);
        assertEquals(8, OpenBodies.find(b).bytesRead);
        Tracker.closed(b);
    }

    @Test
    void nullsAndUnknownBodiesAreIgnored() {
        long errors = Problems.internalErrors();
        Tracker.open(null, TestClients.facts("GET", "u", 200));
        Tracker.read(new Object(), 3);
        Tracker.consumed(null);
        Tracker.closed(new Object());
        Tracker.closedVia(null);
        assertEquals(errors, Problems.internalErrors());
    }

    /**
     * A library's entry ({@link Tracker#enterRequest}) takes the stack once; the body made inside gets it. After
     * the call returns, a body takes its own again.
     */
    @Test
    void aStackTakenAtTheLibrarysEntryIsTheBodysStack() {
        long taken = Tracker.stacksTaken();
        Object previous = Tracker.enterRequest(); int entryLine = new Throwable().getStackTrace()[0].getLineNumber();
        Object inside = new Object();
        try {
            Tracker.prepare(TestClients.facts("GET", "http://127.0.0.1/entry", 200), null);
            assertTrue(Tracker.openPrepared(inside));
        } finally {
            Tracker.exitRequest(previous);
        }
        assertEquals(1, Tracker.stacksTaken() - taken);
        StackTraceElement top = null;
        for (StackTraceElement f : OpenBodies.find(inside).site().getStackTrace()) {
            if (f.getClassName().equals(TrackerTest.class.getName())) {
                top = f;
                break;
            }
        }
        assertEquals(entryLine, top.getLineNumber());
        Object after = new Object();
        Tracker.prepare(TestClients.facts("GET", "http://127.0.0.1/entry", 200), null);
        assertTrue(Tracker.openPrepared(after));
        assertEquals(2, Tracker.stacksTaken() - taken);
        assertTrue(OpenBodies.find(after).site() != OpenBodies.find(inside).site());
        Tracker.closed(inside);
        Tracker.closed(after);
    }

    /** While tracking is paused (the benchmark's switch) a library's entry takes no stack: no body will open. */
    @Test
    void aPausedTrackerTakesNoStackAtTheLibrarysEntry() {
        long taken = Tracker.stacksTaken();
        Clients.pause(true);
        try {
            Tracker.exitRequest(Tracker.enterRequest());
        } finally {
            Clients.pause(false);
        }
        assertEquals(0, Tracker.stacksTaken() - taken);
        Tracker.exitRequest(Tracker.enterRequest());
        assertEquals(1, Tracker.stacksTaken() - taken);
    }
}
