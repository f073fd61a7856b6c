package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class PoolViewTest {
    @Test
    void thePoolsCountsAreOnJmxWhileTheTransportIsOpen() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = "pong".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> before = jmx.queryNames(new ObjectName("dev.bodycheck:type=TransportPool,*"), null);
            Transport transport = Transport.create();
            Set<ObjectName> after = jmx.queryNames(new ObjectName("dev.bodycheck:type=TransportPool,*"), null);
            after.removeAll(before);
            assertEquals(1, after.size());
            ObjectName name = after.iterator().next();
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            for (int i = 0; i < 3; i++) {
                assertEquals("pong", transport.get(base).body().string());
            }
            assertEquals(1L, jmx.getAttribute(name, "Opened"));
            assertEquals(2L, jmx.getAttribute(name, "Reused"));
            assertEquals(1, jmx.getAttribute(name, "Idle"));
            assertEquals(0, jmx.getAttribute(name, "Leased"));
            transport.close();
            assertFalse(jmx.isRegistered(name));
            assertTrue(transport.stats().closed() >= 1);
        } finally {
            server.stop(0);
        }
    }
}
