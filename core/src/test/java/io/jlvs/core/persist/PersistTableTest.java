package io.jlvs.core.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.sched.Overload;
import io.jlvs.core.sched.RealLoad;
import io.jlvs.core.sched.Scheduler;
import io.jlvs.core.sched.SchedulerOptions;
import io.jlvs.core.sched.Schedulers;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersistTableTest {
    /** Ticks are seconds here. */
    private static final long TPS = 1;

    private static final RealLoad IDLE = new RealLoad() {
        @Override
        public int activeConns(int real) {
            return 0;
        }

        @Override
        public int inactiveConns(int real) {
            return 0;
        }
    };

    private static long ip(String s) {
        return InetAddr.parse(s)[1];
    }

    private static VirtualService.Builder web(int timeout, String netmask, RealState... states) {
        VirtualService.Builder b =
                VirtualService.tcp("192.0.2.1", 80).scheduler("rr").persistent(timeout);
        if (netmask != null) {
            b.persistNetmask(netmask);
        }
        for (int i = 0; i < states.length; i++) {
            b.real(RealServer.at("10.0.0." + (i + 1), 80)
                    .method(ForwardingMethod.MASQ)
                    .state(states[i]));
        }
        return b;
    }

    private static final class World {
        ServiceTable table;
        final PersistTable templates;
        final PersistScheduler persist;
        Scheduler scheduler;

        World(ServiceTable table, int capacity) {
            this.templates = new PersistTable(capacity, TPS);
            this.persist = new PersistScheduler(templates);
            adopt(table);
        }

        void adopt(ServiceTable next) {
            this.table = next;
            Overload o = new Overload();
            o.adopt(next);
            this.scheduler = Schedulers.create(next.service(0), IDLE, o, SchedulerOptions.defaults(TPS), scheduler);
        }

        int connect(String client, long now) {
            return persist.select(table, scheduler, 0, ip(client), 40000, 0, ip("192.0.2.1"), now);
        }
    }

    /** A connection keeps its template's id in 24 bits: a bigger table is refused. */
    @Test
    void capacityIsBoundByWhatAConnectionCanName() {
        assertThatThrownBy(() -> new PersistTable(io.jlvs.core.conn.ConnTable.MAX_TEMPLATE + 2, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template capacity");
    }

    @Test
    void clientsOfOneSlash24StickTogetherWithNetmask255_255_255_0() {
        World w = new World(
                ServiceTable.builder()
                        .service(web(300, "255.255.255.0", RealState.UP, RealState.UP, RealState.UP))
                        .build(),
                64);
        int first = w.connect("203.0.113.1", 0);
        assertThat(w.persist.lastTemplate()).isNotEqualTo(PersistTable.NONE);
        assertThat(w.connect("203.0.113.200", 1)).isEqualTo(first);
        assertThat(w.connect("203.0.113.77", 2)).isEqualTo(first);
        // Another /24 is scheduled (rr moves on) and gets its own template.
        int other = w.connect("203.0.114.1", 3);
        assertThat(other).isNotEqualTo(first);
        assertThat(w.connect("203.0.114.9", 4)).isEqualTo(other);
        assertThat(w.templates.size()).isEqualTo(2);
    }

    @Test
    void defaultGranularityIsOneAddress() {
        World w = new World(
                ServiceTable.builder()
                        .service(web(300, null, RealState.UP, RealState.UP))
                        .build(),
                64);
        int a = w.connect("203.0.113.1", 0);
        int b = w.connect("203.0.113.2", 0);
        assertThat(b).isNotEqualTo(a);
        assertThat(w.connect("203.0.113.1", 1)).isEqualTo(a);
        assertThat(w.connect("203.0.113.2", 1)).isEqualTo(b);
    }

    @Test
    void ipv6PrefixGranularity() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("2001:db8::1", 443)
                        .scheduler("rr")
                        .persistent(60)
                        .persistPrefix(64)
                        .real(RealServer.at("2001:db8:1::1", 443).method(ForwardingMethod.MASQ))
                        .real(RealServer.at("2001:db8:1::2", 443).method(ForwardingMethod.MASQ)))
                .build();
        World w = new World(t, 16);
        long[] c1 = InetAddr.parse("2001:db8:aaaa:1::10");
        long[] c2 = InetAddr.parse("2001:db8:aaaa:1:ffff::99");
        long[] c3 = InetAddr.parse("2001:db8:aaaa:2::10");
        int a = w.persist.select(t, w.scheduler, c1[0], c1[1], 1, 0, 0, 0);
        assertThat(w.persist.select(t, w.scheduler, c2[0], c2[1], 2, 0, 0, 0)).isEqualTo(a);
        assertThat(w.persist.select(t, w.scheduler, c3[0], c3[1], 3, 0, 0, 0)).isNotEqualTo(a);
    }

    @Test
    void fwmarkServicesPersistAcrossPorts() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.fwmark(42, false)
                        .scheduler("rr")
                        .persistent(60)
                        .real(RealServer.at("10.0.0.1", 0))
                        .real(RealServer.at("10.0.0.2", 0)))
                .build();
        World w = new World(t, 16);
        int a = w.persist.select(t, w.scheduler, 0, ip("203.0.113.5"), 1111, 0, ip("192.0.2.1"), 0);
        assertThat(w.persist.select(t, w.scheduler, 0, ip("203.0.113.5"), 2222, 0, ip("192.0.2.2"), 0))
                .isEqualTo(a);
    }

    @Test
    void templateLivesForTheTimeoutAfterItsLastUse() {
        World w = new World(
                ServiceTable.builder()
                        .service(web(300, null, RealState.UP, RealState.UP))
                        .build(),
                16);
        int a = w.connect("203.0.113.1", 0);
        int t = w.persist.lastTemplate();
        assertThat(w.templates.deadline(t)).isEqualTo(300);
        assertThat(w.templates.lookup(w.table, w.table.service(0), 0, ip("203.0.113.1"), 299))
                .isEqualTo(t);
        assertThat(w.templates.lookup(w.table, w.table.service(0), 0, ip("203.0.113.1"), 300))
                .isEqualTo(PersistTable.NONE);
        assertThat(w.templates.size()).isZero();
        // Scheduled afresh: rr moves on to the other server.
        assertThat(w.connect("203.0.113.1", 300)).isNotEqualTo(a);
    }

    @Test
    void connectionsKeepATemplateAliveAndEachNewOneRefreshesIt() {
        World w = new World(
                ServiceTable.builder().service(web(300, null, RealState.UP)).build(), 16);
        VirtualService svc = w.table.service(0);
        w.connect("203.0.113.1", 0);
        int t = w.persist.lastTemplate();
        w.templates.attach(t, 100); // a connection at 100: the timeout restarts
        assertThat(w.templates.deadline(t)).isEqualTo(400);
        assertThat(w.templates.refs(t)).isEqualTo(1);
        // Past the deadline, but a connection still references it.
        assertThat(w.templates.lookup(w.table, svc, 0, ip("203.0.113.1"), 5000)).isEqualTo(t);
        w.templates.attach(t, 5000);
        w.templates.detach(t, 5100);
        assertThat(w.templates.deadline(t)).isEqualTo(5300);
        w.templates.detach(t, 6000); // the last one: lives for the timeout after it
        assertThat(w.templates.refs(t)).isZero();
        assertThat(w.templates.deadline(t)).isEqualTo(6300);
        assertThat(w.templates.lookup(w.table, svc, 0, ip("203.0.113.1"), 6299)).isEqualTo(t);
        assertThat(w.templates.lookup(w.table, svc, 0, ip("203.0.113.1"), 6300)).isEqualTo(PersistTable.NONE);
        w.templates.detach(t, 6400); // a stray detach of a freed template is ignored
        assertThat(w.templates.inUse()).isZero();
    }

    private static ServiceTable withStates(ServiceTable prev, int timeout, RealState a, int weightA) {
        RealServer.Builder first =
                RealServer.at("10.0.0.1", 80).method(ForwardingMethod.MASQ).weight(weightA);
        return ServiceTable.builder(prev)
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("rr")
                        .persistent(timeout)
                        .real(a == RealState.DRAINING ? first.drain(DrainSpec.withTimeout(60_000)) : first.state(a))
                        .real(RealServer.at("10.0.0.2", 80).method(ForwardingMethod.MASQ)))
                .build();
    }

    @Test
    void quiescentServerKeepsItsTemplatesUnlessExpireQuiescentTemplateIsSet() {
        for (boolean expireQuiescent : new boolean[] {false, true}) {
            for (boolean viaWeight : new boolean[] {false, true}) {
                ServiceTable first = ServiceTable.builder()
                        .service(web(300, null, RealState.UP, RealState.UP))
                        .build();
                World w = new World(first, 16);
                w.templates.expireQuiescentTemplate(expireQuiescent);
                assertThat(w.connect("203.0.113.1", 0)).isEqualTo(0);
                w.adopt(
                        viaWeight
                                ? withStates(first, 300, RealState.UP, 0)
                                : withStates(first, 300, RealState.QUIESCENT, 1));
                int r = w.connect("203.0.113.1", 1);
                // IPVS keeps sending a persistent client to its quiesced server unless told not to.
                assertThat(r)
                        .as("expire=%s weight0=%s", expireQuiescent, viaWeight)
                        .isEqualTo(expireQuiescent ? 1 : 0);
                assertThat(w.templates.expireQuiescentTemplate()).isEqualTo(expireQuiescent);
            }
        }
    }

    @Test
    void drainingAndRemovedServersLoseTheirTemplates() {
        for (RealState s : new RealState[] {RealState.DRAINING, RealState.REMOVED}) {
            ServiceTable first = ServiceTable.builder()
                    .service(web(300, null, RealState.UP, RealState.UP))
                    .build();
            World w = new World(first, 16);
            assertThat(w.connect("203.0.113.1", 0)).isEqualTo(0);
            w.adopt(withStates(first, 300, s, 1));
            assertThat(w.connect("203.0.113.1", 1)).as(s.name()).isEqualTo(1);
        }
        // Left out of the snapshot altogether.
        ServiceTable first = ServiceTable.builder()
                .service(web(300, null, RealState.UP, RealState.UP))
                .build();
        World w = new World(first, 16);
        assertThat(w.connect("203.0.113.1", 0)).isEqualTo(0);
        w.adopt(ServiceTable.builder(first)
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("rr")
                        .persistent(300)
                        .real(RealServer.at("10.0.0.2", 80).method(ForwardingMethod.MASQ)))
                .build());
        assertThat(w.connect("203.0.113.1", 1)).isEqualTo(1);
    }

    @Test
    void expireRealDropsThatServersTemplatesButKeepsHandlesValidUntilDetached() {
        ServiceTable t = ServiceTable.builder()
                .service(web(300, null, RealState.UP, RealState.UP))
                .build();
        World w = new World(t, 16);
        Map<String, Integer> firstPick = new HashMap<>();
        for (int i = 1; i <= 6; i++) {
            firstPick.put("203.0.113." + i, w.connect("203.0.113." + i, 0));
        }
        w.connect("203.0.113.1", 1);
        int held = w.persist.lastTemplate();
        w.templates.attach(held, 1); // a live connection of a client of server 0
        assertThat(w.templates.realIndex(held)).isZero();
        assertThat(w.templates.templatesFor(0)).isEqualTo(3);
        assertThat(w.templates.templatesFor(1)).isEqualTo(3);
        assertThat(w.templates.expireReal(0)).isEqualTo(3);
        assertThat(w.templates.templatesFor(0)).isZero(); // dropped ones are no longer counted
        assertThat(w.templates.size()).isEqualTo(3);
        assertThat(w.templates.inUse()).isEqualTo(4); // the held one waits for its connection
        assertThat(w.templates.refs(held)).isEqualTo(1);
        for (int i = 1; i <= 6; i++) {
            String c = "203.0.113." + i;
            int now = w.connect(c, 2);
            if (firstPick.get(c) == 1) {
                assertThat(now).isEqualTo(1);
            }
        }
        w.templates.detach(held, 3);
        assertThat(w.templates.inUse()).isEqualTo(w.templates.size());
    }

    @Test
    void fullTableCountsAFailureAndKeepsWhatItHas() {
        ServiceTable t = ServiceTable.builder()
                .service(web(300, null, RealState.UP, RealState.UP))
                .build();
        World w = new World(t, 4);
        for (int i = 1; i <= 4; i++) {
            w.connect("203.0.113." + i, 0);
            w.templates.attach(w.persist.lastTemplate(), 0);
        }
        int r = w.connect("203.0.113.9", 1);
        assertThat(r).isIn(0, 1); // still scheduled, without persistence
        assertThat(w.persist.lastTemplate()).isEqualTo(PersistTable.NONE);
        assertThat(w.templates.createFailures()).isEqualTo(1);
        for (int i = 1; i <= 4; i++) {
            assertThat(w.templates.lookup(t, t.service(0), 0, ip("203.0.113." + i), 2))
                    .isNotEqualTo(PersistTable.NONE);
        }
    }

    @Test
    void expiredTemplatesAreReclaimedBySweepOrWhenFull() {
        ServiceTable t = ServiceTable.builder()
                .service(web(10, null, RealState.UP, RealState.UP))
                .build();
        World w = new World(t, 4);
        for (int i = 1; i <= 4; i++) {
            w.connect("203.0.113." + i, 0);
        }
        assertThat(w.templates.sweep(5, 100)).isZero();
        assertThat(w.templates.sweep(10, 2)).isEqualTo(2);
        assertThat(w.templates.size()).isEqualTo(2);
        // Full of live ones again, then expired: a create reclaims on its own.
        w.connect("203.0.113.5", 10);
        w.connect("203.0.113.6", 10);
        assertThat(w.templates.size()).isEqualTo(4);
        w.connect("203.0.113.7", 30);
        assertThat(w.persist.lastTemplate()).isNotEqualTo(PersistTable.NONE);
        assertThat(w.templates.createFailures()).isZero();
    }

    @Test
    void nonPersistentServicesGoStraightToTheScheduler() {
        ServiceTable t = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("rr")
                        .real(RealServer.at("10.0.0.1", 80).method(ForwardingMethod.MASQ))
                        .real(RealServer.at("10.0.0.2", 80).method(ForwardingMethod.MASQ)))
                .build();
        World w = new World(t, 4);
        assertThat(w.connect("203.0.113.1", 0)).isEqualTo(0);
        assertThat(w.persist.lastTemplate()).isEqualTo(PersistTable.NONE);
        assertThat(w.connect("203.0.113.1", 0)).isEqualTo(1);
        assertThat(w.templates.size()).isZero();
        ServiceTable none = ServiceTable.builder()
                .service(web(60, null, RealState.QUIESCENT))
                .build();
        World q = new World(none, 4);
        assertThat(q.connect("203.0.113.1", 0)).isEqualTo(Scheduler.NONE);
        assertThat(q.templates.size()).isZero();
        assertThat(q.persist.templates()).isSameAs(q.templates);
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> new PersistTable(0, 1)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new PersistTable(8, 0)).hasMessageContaining("ticks per second");
    }

    @Test
    void churnAgainstAMapModel() {
        ServiceTable t = ServiceTable.builder()
                .service(web(5, null, RealState.UP, RealState.UP, RealState.UP))
                .build();
        World w = new World(t, 512);
        VirtualService svc = t.service(0);
        Map<Long, Integer> model = new HashMap<>();
        Map<Long, Long> born = new HashMap<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (long now = 0; now < 20_000; now++) {
            long c = ip("10.99.0.0") + rnd.nextInt(400);
            int got = w.templates.lookup(t, svc, 0, c, now);
            Integer want = model.get(c);
            if (want != null && now - born.get(c) >= 5) {
                want = null;
            }
            if (want == null) {
                assertThat(got).isEqualTo(PersistTable.NONE);
                int real = rnd.nextInt(3);
                assertThat(w.templates.create(svc, 0, c, real, now)).isNotEqualTo(PersistTable.NONE);
                model.put(c, real);
                born.put(c, now);
            } else {
                assertThat(w.templates.realIndex(got)).isEqualTo(want);
            }
            if ((now & 63) == 0) {
                w.templates.sweep(now, 128);
            }
        }
    }

    @Test
    void lookupCreateAttachDetachAllocateNothing() {
        ServiceTable t = ServiceTable.builder()
                .service(web(1, "255.255.255.0", RealState.UP, RealState.UP))
                .build();
        World w = new World(t, 4096);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long base = ip("198.18.0.0");
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += cycle(w, base + (i & 0xFFFF), i);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            sink += cycle(w, base + (i & 0xFFFF), 200_000 + i);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isNotZero();
        assertThat(allocated).isLessThan(4096);
    }

    private static int cycle(World w, long client, long now) {
        int r = w.persist.select(w.table, w.scheduler, 0, client, 1, 0, 0, now);
        int t = w.persist.lastTemplate();
        if (t != PersistTable.NONE) {
            w.templates.attach(t, now);
            w.templates.detach(t, now);
        }
        if ((now & 255) == 0) {
            w.templates.sweep(now, 512);
        }
        return r + 1;
    }
}
