package io.jlvs.linux.route;

import static io.jlvs.linux.route.TestRoutes.find;
import static io.jlvs.linux.route.TestRoutes.gateway;
import static io.jlvs.linux.route.TestRoutes.isDefault;
import static io.jlvs.linux.route.TestRoutes.isV4;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.route.RouteTable;
import io.jlvs.core.route.RouteTable.Route;
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
        String nsA = lab.namespace("a");
        String nsB = lab.namespace("b");
        lab.veth(nsA, "va", nsB, "vb");
        lab.addr(nsA, "va", "10.77.2.1/24");
        lab.addr(nsA, "va", "2001:db8:77:2::1/64");
        lab.ip(nsA, "route", "add", "default", "via", "10.77.2.254");
        lab.ip(nsA, "-6", "route", "add", "default", "via", "2001:db8:77:2::fe");
        lab.ip(nsA, "route", "add", "192.0.2.0/24", "via", "10.77.2.253");
        lab.ip(nsA, "route", "add", "198.18.7.0/24", "dev", "va", "table", "100");
        a = lab.enter(nsA);
        va = a.call(() -> Interfaces.index("va"));
    }

    @AfterAll
    void tearDown() {
        lab.close();
    }

    @Test
    void dumpFindsConnectedAndDefaultRoutesOfBothFamilies() {
        RouteTable t = a.call(Routes::read);

        Route connected = find(t, "10.77.2.9").orElseThrow();
        assertThat(connected.prefixLen()).isEqualTo(24);
        assertThat(connected.hasGateway()).isFalse();
        assertThat(connected.ifIndex()).isEqualTo(va);

        Route def = find(t, "198.51.100.1").orElseThrow();
        assertThat(isDefault(def)).isTrue();
        assertThat(gateway(def)).isEqualTo("10.77.2.254");
        assertThat(def.ifIndex()).isEqualTo(va);

        Route specific = find(t, "192.0.2.77").orElseThrow();
        assertThat(specific.prefixLen()).isEqualTo(24);
        assertThat(gateway(specific)).isEqualTo("10.77.2.253");

        Route connected6 = find(t, "2001:db8:77:2::99").orElseThrow();
        assertThat(connected6.prefixLen()).isEqualTo(64);
        assertThat(connected6.hasGateway()).isFalse();
        assertThat(connected6.ifIndex()).isEqualTo(va);

        Route def6 = find(t, "2606:4700::1").orElseThrow();
        assertThat(isDefault(def6)).isTrue();
        assertThat(gateway(def6)).isEqualTo("2001:db8:77:2::fe");

        // Only the main table: a route of table 100 is not here (the default answers for it),
        // and local and broadcast routes live in the local table.
        assertThat(isDefault(find(t, "198.18.7.1").orElseThrow())).isTrue();
        assertThat(find(a.call(() -> Routes.read(100)), "198.18.7.1")
                        .orElseThrow()
                        .prefixLen())
                .isEqualTo(24);
        assertThat(t.routes()).noneMatch(r -> isV4(r) && r.prefixLen() == 32);
    }

    @Test
    void theNamespaceTableIsNotTheHosts() {
        RouteTable inNs = a.call(Routes::read);
        RouteTable here = Routes.read();
        assertThat(here.routes()).isNotEqualTo(inNs.routes());
    }

    @Test
    void aRouteChangeIsNoticed() throws Exception {
        LinkedBlockingQueue<RouteTable> changes = new LinkedBlockingQueue<>();
        try (RouteWatcher w = a.call(() -> RouteWatcher.start(changes::add))) {
            assertThat(isDefault(find(w.current(), "203.0.113.5").orElseThrow()))
                    .isTrue();

            lab.ip(a.name(), "route", "add", "203.0.113.0/24", "via", "10.77.2.252");
            RouteTable seen = awaitTable(
                    changes, t -> find(t, "203.0.113.5").orElseThrow().prefixLen() == 24);
            assertThat(gateway(find(seen, "203.0.113.5").orElseThrow())).isEqualTo("10.77.2.252");
            assertThat(find(w.current(), "203.0.113.5").orElseThrow().prefixLen())
                    .isEqualTo(24);

            lab.ip(a.name(), "-6", "route", "add", "2001:db8:dead::/48", "via", "2001:db8:77:2::fd");
            awaitTable(changes, t -> find(t, "2001:db8:dead::1").orElseThrow().prefixLen() == 48);

            lab.ip(a.name(), "route", "del", "203.0.113.0/24");
            awaitTable(changes, t -> isDefault(find(t, "203.0.113.5").orElseThrow()));
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
            assertThat(find(w.current(), "10.88.8.8").orElseThrow().prefixLen()).isEqualTo(24);
            lab.ip(a.name(), "link", "set", "vx", "down");
            awaitTable(changes, t -> isDefault(find(t, "10.88.8.8").orElseThrow()));
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
