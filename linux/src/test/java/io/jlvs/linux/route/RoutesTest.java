package io.jlvs.linux.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.netns.NetNamespace;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@RequiresRootLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesTest {
    NetnsLab lab;
    NetNamespace a;
    int va;

    @BeforeAll
    void setUp() {
        lab = new NetnsLab();
        try {
            String nsA = lab.namespace("a");
            String nsB = lab.namespace("b");
            lab.veth(nsA, "va", nsB, "vb");
            lab.addr(nsA, "va", "10.77.2.1/24");
            lab.addr(nsA, "va", "2001:db8:77:2::1/64");
            lab.ip(nsA, "route", "add", "default", "via", "10.77.2.254");
            lab.ip(nsA, "-6", "route", "add", "default", "via", "2001:db8:77:2::fe");
            lab.ip(nsA, "route", "add", "192.0.2.0/24", "via", "10.77.2.253");
            a = NetNamespace.enter(nsA);
            va = a.call(() -> Interfaces.index("va"));
        } catch (RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @AfterAll
    void tearDown() {
        if (a != null) {
            a.close();
        }
        lab.close();
    }

    static String gw(Route r) {
        return r.hasGateway() ? InetAddr.format(r.gatewayHi(), r.gatewayLo()) : null;
    }

    @Test
    void dumpFindsConnectedAndDefaultRoutesOfBothFamilies() {
        RouteTable t = a.call(Routes::read);

        Route connected = t.find("10.77.2.9").orElseThrow();
        assertThat(connected.prefixLength()).isEqualTo(24);
        assertThat(connected.hasGateway()).isFalse();
        assertThat(connected.ifIndex()).isEqualTo(va);

        Route def = t.find("198.51.100.1").orElseThrow();
        assertThat(def.isDefault()).isTrue();
        assertThat(gw(def)).isEqualTo("10.77.2.254");
        assertThat(def.ifIndex()).isEqualTo(va);

        Route specific = t.find("192.0.2.77").orElseThrow();
        assertThat(specific.prefixLength()).isEqualTo(24);
        assertThat(gw(specific)).isEqualTo("10.77.2.253");

        Route connected6 = t.find("2001:db8:77:2::99").orElseThrow();
        assertThat(connected6.prefixLength()).isEqualTo(64);
        assertThat(connected6.hasGateway()).isFalse();
        assertThat(connected6.ifIndex()).isEqualTo(va);

        Route def6 = t.find("2606:4700::1").orElseThrow();
        assertThat(def6.isDefault()).isTrue();
        assertThat(gw(def6)).isEqualTo("2001:db8:77:2::fe");

        // Local and broadcast routes live in the local table, not here.
        assertThat(t.routes()).allMatch(r -> r.table() == 254);
        assertThat(t.routes()).noneMatch(r -> r.isV4() && r.prefixLength() == 32);
    }

    @Test
    void theNamespaceTableIsNotTheHosts() {
        RouteTable inNs = a.call(Routes::read);
        RouteTable here = Routes.read();
        assertThat(here).isNotEqualTo(inNs);
    }

    @Test
    void aRouteChangeIsNoticed() throws Exception {
        LinkedBlockingQueue<RouteTable> changes = new LinkedBlockingQueue<>();
        try (RouteWatcher w = a.call(() -> RouteWatcher.start(changes::add))) {
            assertThat(w.current().find("203.0.113.5").orElseThrow().isDefault())
                    .isTrue();

            lab.ip(a.name(), "route", "add", "203.0.113.0/24", "via", "10.77.2.252");
            RouteTable seen =
                    awaitTable(changes, t -> t.find("203.0.113.5").orElseThrow().prefixLength() == 24);
            assertThat(gw(seen.find("203.0.113.5").orElseThrow())).isEqualTo("10.77.2.252");
            assertThat(w.current().find("203.0.113.5").orElseThrow().prefixLength())
                    .isEqualTo(24);

            lab.ip(a.name(), "-6", "route", "add", "2001:db8:dead::/48", "via", "2001:db8:77:2::fd");
            awaitTable(changes, t -> t.find("2001:db8:dead::1").orElseThrow().prefixLength() == 48);

            lab.ip(a.name(), "route", "del", "203.0.113.0/24");
            awaitTable(changes, t -> t.find("203.0.113.5").orElseThrow().isDefault());
            assertThat(w.generation()).isGreaterThanOrEqualTo(3);
            assertThat(w.lastError()).isNull();
        }
    }

    @Test
    void anInterfaceGoingDownTakesItsRoutesWithIt() throws Exception {
        lab.ip(a.name(), "link", "add", "vx", "type", "veth", "peer", "name", "vy");
        lab.ip(a.name(), "addr", "add", "10.88.8.1/24", "dev", "vx");
        lab.ip(a.name(), "link", "set", "vy", "up");
        lab.ip(a.name(), "link", "set", "vx", "up");
        LinkedBlockingQueue<RouteTable> changes = new LinkedBlockingQueue<>();
        try (RouteWatcher w = a.call(() -> RouteWatcher.start(changes::add))) {
            assertThat(w.current().find("10.88.8.8").orElseThrow().prefixLength())
                    .isEqualTo(24);
            lab.ip(a.name(), "link", "set", "vx", "down");
            awaitTable(changes, t -> t.find("10.88.8.8").orElseThrow().isDefault());
        } finally {
            lab.ip(a.name(), "link", "del", "vx");
        }
    }

    static RouteTable awaitTable(LinkedBlockingQueue<RouteTable> q, java.util.function.Predicate<RouteTable> want)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RouteTable t = q.poll(100, TimeUnit.MILLISECONDS);
            if (t != null && want.test(t)) {
                return t;
            }
        }
        throw new AssertionError("route change not noticed within 10 s");
    }
}
