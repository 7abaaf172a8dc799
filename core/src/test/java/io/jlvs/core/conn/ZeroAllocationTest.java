package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.proto.TcpStates;
import io.jlvs.core.proto.Timeouts;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §3.2: the packet path allocates nothing in steady state. A worker-like loop over a
 * million steps (new flows with FULLNAT port allocation, lookups from both sides, state changes,
 * removals and timer expiry) is measured with the thread's allocated-bytes counter after a warm-up
 * run of the same loop.
 */
class ZeroAllocationTest {
    static final int FLOWS = 20_000;
    static final int TCP = ConnTracker.TCP;
    static final int UDP = ConnTracker.UDP;

    final LocalAddresses locals = new LocalAddresses(4);
    final Addr vip = Addr.of("2001:db8:a::10");
    final Addr[] reals = {Addr.of("fd00:1::1"), Addr.of("fd00:1::2"), Addr.of("10.1.0.3")};
    final Addr[] clients = new Addr[FLOWS];
    /** Flow number to live connection id, -1 when the flow has none. */
    final int[] live = new int[FLOWS];
    /** Connection id to flow number. */
    final int[] flowOf = new int[FLOWS * 2];

    long now = 1;
    long checksum;
    long expired;
    long mismatches;

    @Test
    void aMillionPacketStepsAllocateNothing() {
        int l0 = locals.add(Addr.of("fd00:ff::1").hi(), Addr.of("fd00:ff::1").lo());
        int l1 = locals.add(Addr.of("fd00:ff::2").hi(), Addr.of("fd00:ff::2").lo());
        for (int i = 0; i < FLOWS; i++) {
            clients[i] = (i & 1) == 0 ? Addr.v4(i) : Addr.v6(i);
        }
        Arrays.fill(live, -1);
        try (ConnTable table = new ConnTable(FLOWS * 2, locals)) {
            TimerWheel wheel = new TimerWheel(table, 1 << 12, now);
            LocalPortAllocator ports = new LocalPortAllocator(table, 1, 2, 99);
            int group = ports.addGroup(l0, l1);
            ConnTracker tracker = new ConnTracker(
                    table,
                    wheel,
                    new RealServerLoad(reals.length),
                    Timeouts.defaults(100).withEstablishedTimeout(1, 20),
                    ports,
                    conn -> live[flowOf[conn]] = -1);

            run(tracker, ports, group, 1_000_000); // warm-up: JIT, and every code path once

            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            long steps = run(tracker, ports, group, 1_000_000);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;

            assertThat(steps).isEqualTo(1_000_000);
            assertThat(allocated).as("bytes allocated over a million steps").isZero();
            // The loop did real work: connections came and went through every path.
            assertThat(mismatches).isZero();
            assertThat(checksum).isNotZero();
            assertThat(expired).isGreaterThan(1_000);
            assertThat(table.size()).isBetween(1, FLOWS);
        }
    }

    private long run(ConnTracker tracker, LocalPortAllocator ports, int group, int steps) {
        ConnTable t = tracker.table();
        long done = 0;
        for (int i = 0; i < steps; i++) {
            if ((i & 63) == 0) {
                now++; // a tick per 64 packets
                expired += tracker.expire(now);
            }
            int f = (int) ((i * 0x9E37_79B9L) >>> 7) % FLOWS;
            if (f < 0) {
                f += FLOWS;
            }
            Addr c = clients[f];
            int cport = 1024 + (f & 0x3FFF);
            int proto = (f % 5) == 0 ? UDP : TCP;
            int id = live[f];
            if (id < 0) {
                id = open(tracker, ports, group, f, c, cport, proto);
                if (id >= 0) {
                    live[f] = id;
                    flowOf[id] = f;
                    if (proto == TCP) {
                        tracker.tcp(id, ConnTable.IN, TcpStates.SYN, i, 0, 0, 65535, now);
                    } else {
                        tracker.udp(id, ConnTable.IN, now);
                    }
                }
                done++;
                continue;
            }
            // A client packet, found by its inbound tuple.
            int found = t.lookupIn(proto, c.hi(), c.lo(), cport, vip.hi(), vip.lo(), 443);
            mismatches += found == id ? 0 : 1;
            // The reply, found by its outbound tuple.
            int la = t.localAddress(id);
            int back = la < 0
                    ? t.lookupOut(proto, t.realHi(id), t.realLo(id), 8443, c.hi(), c.lo(), cport)
                    : t.lookupOut(
                            proto, t.realHi(id), t.realLo(id), 8443, locals.hi(la), locals.lo(la), t.localPort(id));
            mismatches += back == id ? 0 : 1;
            if (proto == UDP) {
                tracker.udp(id, (i & 1) == 0 ? ConnTable.IN : ConnTable.OUT, now);
            } else {
                int flags =
                        switch (i % 23) {
                            case 0 -> TcpStates.FIN | TcpStates.ACK;
                            case 1 -> TcpStates.RST;
                            case 2 -> TcpStates.SYN | TcpStates.ACK;
                            default -> TcpStates.ACK;
                        };
                int state = tracker.tcp(id, (i & 1) == 0 ? ConnTable.IN : ConnTable.OUT, flags, i, i, 100, 65535, now);
                checksum += state;
            }
            if (i % 997 == 0) {
                tracker.remove(id);
                live[f] = -1;
            } else if (i % 991 == 0) {
                tracker.expireNow(id, now);
            }
            done++;
        }
        return done;
    }

    private int open(ConnTracker tracker, LocalPortAllocator ports, int group, int f, Addr c, int cport, int proto) {
        Addr r = reals[f % reals.length];
        int laddr = -1;
        int lport = 0;
        int fwd = FwdMethod.NAT;
        if ((f & 2) != 0) {
            int alloc = ports.allocate(group, proto, r.hi(), r.lo(), 8443);
            if (alloc < 0) {
                return alloc;
            }
            laddr = LocalPortAllocator.localAddress(alloc);
            lport = LocalPortAllocator.localPort(alloc);
            fwd = FwdMethod.FULLNAT;
        }
        return tracker.open(
                proto,
                c.hi(),
                c.lo(),
                cport,
                vip.hi(),
                vip.lo(),
                443,
                r.hi(),
                r.lo(),
                8443,
                laddr,
                lport,
                f & 1,
                f % reals.length,
                fwd,
                now);
    }
}
