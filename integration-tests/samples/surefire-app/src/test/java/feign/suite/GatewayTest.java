package feign.suite;

import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Tests in the package of the code they test: three lines of Gateway leak once each, one line leaks from three
 * tests; each leak beside its twin.
 */
class GatewayTest {
    @Test
    void ordersDropped() throws Exception {
        Gateway.orders(); // TEST ordersDropped
    }

    @Test
    void ordersClosed() throws Exception {
        try (Response r = Gateway.orders()) {
            r.code();
        }
    }

    @Test
    void invoicesDropped() throws Exception {
        Gateway.invoices(); // TEST invoicesDropped
    }

    @Test
    void invoicesRead() throws Exception {
        try (Response r = Gateway.invoices()) {
            r.body().string();
        }
    }

    @Test
    void refundsDropped() throws Exception {
        Gateway.refunds(); // TEST refundsDropped
    }

    @Test
    void statusDroppedByOne() throws Exception {
        Gateway.status("one"); // TEST statusDroppedByOne
    }

    @Test
    void statusDroppedByTwo() throws Exception {
        Gateway.status("two"); // TEST statusDroppedByTwo
    }

    @Test
    void statusDroppedByThree() throws Exception {
        Gateway.status("three"); // TEST statusDroppedByThree
    }

    @Test
    void statusClosed() throws Exception {
        try (Response r = Gateway.status("four")) {
            r.code();
        }
    }
}
