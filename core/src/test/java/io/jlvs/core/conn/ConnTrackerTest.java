package io.jlvs.core.conn;

import static io.jlvs.core.conn.ConnTable.IN;
import static io.jlvs.core.conn.ConnTable.OUT;
import static io.jlvs.core.proto.TcpStates.ACK;
import static io.jlvs.core.proto.TcpStates.FIN;
import static io.jlvs.core.proto.TcpStates.RST;
import static io.jlvs.core.proto.TcpStates.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.proto.TcpStates;
import io.jlvs.core.proto.Timeouts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnTrackerTest {
    static final int TCP = ConnTracker.TCP;
    static final int UDP = ConnTracker.UDP;
    static final int HZ = 1000; // millisecond ticks
    static final long T0 = 1_000_000;

    static final Addr CLIENT = Addr.of("198.51.100.7");
    static final Addr VIP = Addr.of("192.0.2.10");
    static final Addr REAL = Addr.of("10.1.0.5");
    static final Addr LADDR = Addr.of("10.1.255.1");

    final LocalAddresses locals = new LocalAddresses(4);
    final int laddr = locals.add(LADDR.hi(), LADDR.lo());
    final ConnTable table = new ConnTable(64, ConnTable.DEFAULT_LOAD_FACTOR, locals, 7);
    final TimerWheel wheel = new TimerWheel(table, 1 << 12, T0);
    final RealServerLoad load = new RealServerLoad(8);
    final LocalPortAllocator ports = new LocalPortAllocator(table, 0, 1, 20000, 20015, 64, 3);
    final List<String> expired = new ArrayList<>();
    final ConnTracker tracker = new ConnTracker(table, wheel, load, Timeouts.defaults(HZ), ports, this::onExpired);

    private void onExpired(int conn) {
        // The entry is out of both indices but still readable.
        boolean findable = table.lookupIn(
                        table.protocol(conn),
                        table.clientHi(conn),
                        table.clientLo(conn),
                        table.clientPort(conn),
                        table.virtualHi(conn),
                        table.virtualLo(conn),
                        table.virtualPort(conn))
                >= 0;
        expired.add(conn + ":" + table.clientPort(conn) + ":" + TcpStates.name(table.state(conn))
                + (findable ? ":findable" : ""));
    }

    @AfterEach
    void close() {
        table.close();
    }

    int open(int proto, int cport, int real, int fwd, long now) {
        return tracker.open(
                proto,
                CLIENT.hi(),
                CLIENT.lo(),
                cport,
                VIP.hi(),
                VIP.lo(),
                80,
                REAL.hi(),
                REAL.lo(),
                8080,
                -1,
                0,
                0,
                real,
                fwd,
                now);
    }

    int tcp(int conn, int dir, int flags, long now) {
        return tracker.tcp(conn, dir, flags, 0, 0, 0, 65535, now);
    }

    /** Drives a NAT connection through the handshake. */
    int established(int cport, int real, long now) {
        int c = open(TCP, cport, real, FwdMethod.NAT, now);
        tcp(c, IN, SYN, now);
        tcp(c, OUT, SYN | ACK, now);
        tcp(c, IN, ACK, now);
        return c;
    }

    /** Checks the connection lives exactly {@code seconds} after {@code last} and then goes. */
    void expiresAfter(int conn, long last, int seconds) {
        long deadline = last + (long) seconds * HZ;
        assertThat(table.expires(conn, last)).isEqualTo(deadline);
        assertThat(tracker.expire(deadline - 1)).isZero();
        assertThat(table.isUsed(conn)).isTrue();
        assertThat(tracker.expire(deadline)).isEqualTo(1);
        assertThat(table.isUsed(conn)).isFalse();
        assertThat(table.size()).isZero();
    }

    @Test
    void eachStateExpiresAfterItsTimeout() {
        long t = T0;
        // NONE: created, no segment processed yet.
        int c = open(TCP, 1, 0, FwdMethod.NAT, t);
        expiresAfter(c, t, 2);

        t += 10_000;
        c = open(TCP, 2, 0, FwdMethod.NAT, t);
        assertThat(tcp(c, IN, SYN, t)).isEqualTo(TcpStates.SYN_RECV);
        expiresAfter(c, t, 60);

        t += 100_000;
        c = open(TCP, 3, 0, FwdMethod.NAT, t);
        assertThat(tcp(c, OUT, SYN, t)).isEqualTo(TcpStates.SYN_SENT);
        expiresAfter(c, t, 120);

        t += 200_000;
        c = established(4, 0, t);
        expiresAfter(c, t, 900);

        t += 1_000_000;
        c = established(5, 0, t);
        assertThat(tcp(c, IN, FIN | ACK, t)).isEqualTo(TcpStates.CLOSE_WAIT);
        expiresAfter(c, t, 60);

        t += 100_000;
        c = established(6, 0, t);
        assertThat(tcp(c, OUT, FIN | ACK, t)).isEqualTo(TcpStates.FIN_WAIT);
        expiresAfter(c, t, 120);

        t += 200_000;
        c = established(7, 0, t);
        tcp(c, IN, FIN | ACK, t);
        assertThat(tcp(c, OUT, FIN | ACK, t)).isEqualTo(TcpStates.TIME_WAIT);
        expiresAfter(c, t, 120);

        t += 200_000;
        c = established(8, 0, t);
        assertThat(tcp(c, IN, RST, t)).isEqualTo(TcpStates.CLOSE);
        expiresAfter(c, t, 10);

        t += 20_000;
        c = open(UDP, 9, 0, FwdMethod.NAT, t);
        tracker.udp(c, IN, t);
        expiresAfter(c, t, 300);

        assertThat(expired)
                .containsExactly(
                        "0:1:NONE",
                        "0:2:SYN_RECV",
                        "0:3:SYN_SENT",
                        "0:4:ESTABLISHED",
                        "0:5:CLOSE_WAIT",
                        "0:6:FIN_WAIT",
                        "0:7:TIME_WAIT",
                        "0:8:CLOSE",
                        "0:9:NONE"); // UDP's one state is numbered 0 too
        assertThat(load.activeConns(0)).isZero();
        assertThat(load.inactiveConns(0)).isZero();
    }

    @Test
    void activityPushesExpiryOut() {
        int c = established(1000, 0, T0);
        long t = T0;
        for (int i = 0; i < 10; i++) {
            t += 600_000; // 10 minutes: each packet well inside the 15-minute timeout
            tracker.tcp(c, i % 2 == 0 ? IN : OUT, ACK, 0, 0, 10, 65535, t);
            assertThat(tracker.expire(t)).isZero();
        }
        assertThat(t - T0).isGreaterThan(900_000L * 6);
        expiresAfter(c, t, 900);
    }

    @Test
    void stateChangeMovesTheDeadline() {
        int c = established(1000, 0, T0);
        assertThat(table.expires(c, T0)).isEqualTo(T0 + 900_000);
        long t = T0 + 5_000;
        tcp(c, OUT, RST, t); // shorter: 900 s -> 10 s, due well before the old deadline
        assertThat(table.expires(c, t)).isEqualTo(t + 10_000);
        assertThat(tracker.expire(t + 9_999)).isZero();
        assertThat(tracker.expire(t + 10_000)).isEqualTo(1);

        int d = open(TCP, 2000, 0, FwdMethod.NAT, T0);
        tcp(d, IN, SYN, T0); // 60 s
        assertThat(table.expires(d, T0)).isEqualTo(T0 + 60_000);
        t = T0 + 59_000;
        tcp(d, OUT, SYN | ACK, t);
        tcp(d, IN, ACK, t); // longer: 900 s
        assertThat(tracker.expire(T0 + 60_000)).isZero();
        assertThat(table.isUsed(d)).isTrue();
        expiresAfter(d, t, 900);
    }

    @Test
    void serviceEstablishedTimeoutAndLiveTimeoutChanges() {
        tracker.timeouts(Timeouts.defaults(HZ).withEstablishedTimeout(0, 30));
        int c = established(1, 0, T0);
        assertThat(table.expires(c, T0)).isEqualTo(T0 + 30_000);
        // ipvsadm --set applies from the next packet, as in IPVS.
        tracker.timeouts(Timeouts.defaults(HZ).withIpvsadmSet(0, 0, 10));
        assertThat(tracker.timeouts().udp()).isEqualTo(10);
        assertThat(table.expires(c, T0)).isEqualTo(T0 + 30_000);
        tcp(c, IN, ACK, T0 + 1);
        assertThat(table.expires(c, T0)).isEqualTo(T0 + 1 + 900_000);
        int u = open(UDP, 2, 0, FwdMethod.NAT, T0);
        tracker.udp(u, OUT, T0 + 5);
        assertThat(table.expires(u, T0)).isEqualTo(T0 + 5 + 10_000);
    }

    @Test
    void activeAndInactiveCountsFollowIpvs() {
        int c = open(TCP, 1, 3, FwdMethod.NAT, T0);
        assertCounts(3, 0, 1); // new connections are bound inactive
        tcp(c, IN, SYN, T0);
        assertCounts(3, 1, 0); // SYN_RECV is active
        tcp(c, OUT, SYN | ACK, T0);
        tcp(c, IN, ACK, T0);
        assertCounts(3, 1, 0);
        int d = established(2, 3, T0);
        assertCounts(3, 2, 0);
        tcp(c, IN, FIN | ACK, T0);
        assertCounts(3, 1, 1); // CLOSE_WAIT is inactive
        tcp(c, OUT, FIN | ACK, T0);
        assertCounts(3, 1, 1); // TIME_WAIT: still inactive, no double count
        tcp(c, IN, SYN, T0); // port reuse: SYN in TIME_WAIT -> SYN_RECV, active again
        assertCounts(3, 1 + 1, 0);
        tracker.remove(d);
        assertCounts(3, 1, 0);
        tcp(c, OUT, RST, T0); // the server refuses: CLOSE (a client RST would leave SYN_RECV)
        assertCounts(3, 0, 1);

        int u = open(UDP, 3, 4, FwdMethod.NAT, T0);
        tracker.udp(u, IN, T0);
        tracker.udp(u, OUT, T0);
        assertCounts(4, 0, 1); // UDP lives in InActConn, as under IPVS

        tracker.expire(T0 + 1_000_000);
        assertCounts(3, 0, 0);
        assertCounts(4, 0, 0);
    }

    void assertCounts(int real, int active, int inactive) {
        assertThat(load.activeConns(real)).as("ActiveConn").isEqualTo(active);
        assertThat(load.inactiveConns(real)).as("InActConn").isEqualTo(inactive);
    }

    @Test
    void directRoutingUsesTheInputOnlyTableUntilAReplyIsSeen() {
        int c = open(TCP, 1, 0, FwdMethod.DR, T0);
        assertThat(table.flags(c) & ConnFlags.NOOUTPUT).isNotZero();
        assertThat(tcp(c, IN, SYN, T0)).isEqualTo(TcpStates.SYN_RECV);
        assertThat(tcp(c, IN, ACK, T0)).isEqualTo(TcpStates.ESTABLISHED);
        assertThat(tcp(c, IN, FIN | ACK, T0)).isEqualTo(TcpStates.FIN_WAIT);
        assertThat(table.expires(c, T0)).isEqualTo(T0 + 120_000);

        int d = open(TCP, 2, 0, FwdMethod.TUN, T0);
        tcp(d, IN, SYN, T0);
        tcp(d, OUT, SYN | ACK, T0); // the real answers through us after all
        assertThat(table.flags(d) & ConnFlags.NOOUTPUT).isZero();
        tcp(d, IN, ACK, T0);
        assertThat(tcp(d, IN, FIN | ACK, T0)).isEqualTo(TcpStates.CLOSE_WAIT); // two-sided table

        int e = open(TCP, 3, 0, FwdMethod.FULLNAT, T0);
        assertThat(table.flags(e) & ConnFlags.NOOUTPUT).isZero();
        int u = open(UDP, 4, 0, FwdMethod.DR, T0);
        tracker.udp(u, OUT, T0);
        assertThat(table.flags(u) & ConnFlags.NOOUTPUT).isZero();
    }

    @Test
    void sequenceAndAckAreTrackedPerDirection() {
        int c = open(TCP, 1, 0, FwdMethod.NAT, T0);
        tracker.tcp(c, IN, SYN, 1000, 0, 0, 65535, T0);
        assertThat(table.seqNext(c, IN)).isEqualTo(1001); // SYN takes one
        assertThat(table.flags(c) & (ConnFlags.SEQ_IN | ConnFlags.ACK_IN)).isEqualTo(ConnFlags.SEQ_IN);
        tracker.tcp(c, OUT, SYN | ACK, 5000, 1001, 0, 65535, T0 + 1);
        assertThat(table.seqNext(c, OUT)).isEqualTo(5001);
        assertThat(table.ackMax(c, OUT)).isEqualTo(1001);
        tracker.tcp(c, IN, ACK, 1001, 5001, 100, 65535, T0 + 2);
        assertThat(table.seqNext(c, IN)).isEqualTo(1101);
        assertThat(table.ackMax(c, IN)).isEqualTo(5001);
        // A retransmission or a reordered old ACK does not move either back.
        tracker.tcp(c, IN, ACK, 1001, 4000, 50, 65535, T0 + 3);
        assertThat(table.seqNext(c, IN)).isEqualTo(1101);
        assertThat(table.ackMax(c, IN)).isEqualTo(5001);
        // A RST consumes no sequence space and is not recorded.
        tracker.tcp(c, OUT, RST, 900_000, 0, 0, 65535, T0 + 4);
        assertThat(table.seqNext(c, OUT)).isEqualTo(5001);
        assertThat(table.flags(c) & (ConnFlags.SEQ_IN | ConnFlags.SEQ_OUT | ConnFlags.ACK_IN | ConnFlags.ACK_OUT))
                .isEqualTo(ConnFlags.SEQ_IN | ConnFlags.SEQ_OUT | ConnFlags.ACK_IN | ConnFlags.ACK_OUT);
        assertThat(table.lastTick(c, T0 + 4)).isEqualTo(T0 + 4);
    }

    @Test
    void whoSpokeLastAndTheFinsAreRecorded() {
        int spoke = ConnFlags.CLIENT_SPOKE_LAST;
        int c = open(TCP, 1, 0, FwdMethod.NAT, T0);
        tracker.tcp(c, IN, SYN, 1000, 0, 0, 65535, T0);
        tracker.tcp(c, OUT, SYN | ACK, 5000, 1001, 0, 65535, T0);
        tracker.tcp(c, IN, ACK, 1001, 5001, 0, 65535, T0);
        assertThat(table.flags(c) & spoke).as("no data yet").isZero();
        tracker.tcp(c, IN, ACK, 1001, 5001, 100, 65535, T0 + 1); // a request
        assertThat(table.flags(c) & spoke).isEqualTo(spoke);
        tracker.tcp(c, OUT, ACK, 5001, 1101, 0, 65535, T0 + 2); // its acknowledgement alone
        assertThat(table.flags(c) & spoke).isEqualTo(spoke);
        tracker.tcp(c, OUT, ACK, 5001, 1101, 200, 65535, T0 + 3); // the response
        assertThat(table.flags(c) & spoke).isZero();
        tracker.tcp(c, IN, ACK, 1101, 5201, 0, 65535, T0 + 4);
        assertThat(table.flags(c) & spoke).isZero();
        // A reset records nothing, a FIN its side.
        tracker.tcp(c, IN, RST | FIN, 1101, 0, 0, 65535, T0 + 5);
        assertThat(table.flags(c) & (ConnFlags.FIN_IN | ConnFlags.FIN_OUT)).isZero();
        tracker.tcp(c, OUT, FIN | ACK, 5201, 1101, 0, 65535, T0 + 6);
        assertThat(table.flags(c) & (ConnFlags.FIN_IN | ConnFlags.FIN_OUT)).isEqualTo(ConnFlags.FIN_OUT);
        tracker.tcp(c, IN, FIN | ACK, 1101, 5202, 0, 65535, T0 + 7);
        assertThat(table.flags(c) & (ConnFlags.FIN_IN | ConnFlags.FIN_OUT))
                .isEqualTo(ConnFlags.FIN_IN | ConnFlags.FIN_OUT);
    }

    @Test
    void aClientAcknowledgementThatShutsItsWindowIsRecordedUntilOneOpensIt() {
        int shut = ConnFlags.CLIENT_WINDOW_SHUT;
        int c = open(TCP, 1, 0, FwdMethod.NAT, T0);
        tracker.tcp(c, IN, SYN, 1000, 0, 0, 0, T0);
        assertThat(table.flags(c) & shut).as("a SYN acknowledges nothing").isZero();
        tracker.tcp(c, OUT, SYN | ACK, 5000, 1001, 0, 0, T0);
        assertThat(table.flags(c) & shut)
                .as("the server's window is not the client's")
                .isZero();
        tracker.tcp(c, IN, ACK, 1001, 5001, 0, 1, T0 + 1); // one unit of its window scale
        assertThat(table.flags(c) & shut).isEqualTo(shut);
        tracker.tcp(c, IN, RST | ACK, 1001, 5001, 0, 4096, T0 + 2);
        assertThat(table.flags(c) & shut).as("a reset records nothing").isEqualTo(shut);
        tracker.tcp(c, IN, ACK, 1001, 5001, 0, 2, T0 + 3);
        assertThat(table.flags(c) & shut).isZero();
    }

    @Test
    void sequenceTrackingWrapsAround() {
        int c = open(TCP, 1, 0, FwdMethod.NAT, T0);
        tracker.tcp(c, IN, ACK, 0xFFFF_FF00, 7, 0x80, 65535, T0);
        assertThat(table.seqNext(c, IN)).isEqualTo(0xFFFF_FF80);
        tracker.tcp(c, IN, ACK | FIN, 0xFFFF_FF80, 0xFFFF_FFF0, 0x100, 65535, T0); // crosses 2^32
        assertThat(table.seqNext(c, IN)).isEqualTo(0x81);
        tracker.tcp(c, IN, ACK, 0xFFFF_FF80, 0x10, 0x10, 65535, T0); // ack crosses 2^32 too
        assertThat(table.seqNext(c, IN)).isEqualTo(0x81);
        assertThat(table.ackMax(c, IN)).isEqualTo(0x10);
    }

    @Test
    void expiredConnectionsLeaveTheIndicesBeforeTheListenerRuns() {
        int c = established(4321, 0, T0);
        tracker.expire(T0 + 900_000);
        assertThat(expired).containsExactly(c + ":4321:ESTABLISHED"); // not ":findable"
        assertThat(table.lookupOut(TCP, REAL.hi(), REAL.lo(), 8080, CLIENT.hi(), CLIENT.lo(), 4321))
                .isEqualTo(ConnTable.NOT_FOUND);
    }

    @Test
    void expireNowGoesThroughTheListenerAndRemoveDoesNot() {
        int a = established(1, 0, T0);
        int b = established(2, 0, T0);
        tracker.expireNow(a, T0 + 7);
        assertThat(tracker.expire(T0 + 7)).isEqualTo(1);
        assertThat(expired).containsExactly(a + ":1:ESTABLISHED");
        tracker.remove(b);
        tracker.remove(b);
        assertThat(expired).hasSize(1);
        assertThat(table.size()).isZero();
        assertCounts(0, 0, 0);
        assertThat(tracker.expire(T0 + 10_000_000)).isZero(); // its deadline went with it
    }

    @Test
    void fullnatPortIsReleasedWhenTheConnectionEnds() {
        int free = ports.freePorts(laddr);
        int group = ports.addGroup(laddr);
        int alloc = ports.allocate(group, TCP, REAL.hi(), REAL.lo(), 8080);
        int lport = LocalPortAllocator.localPort(alloc);
        int c = tracker.open(
                TCP,
                CLIENT.hi(),
                CLIENT.lo(),
                40000,
                VIP.hi(),
                VIP.lo(),
                80,
                REAL.hi(),
                REAL.lo(),
                8080,
                LocalPortAllocator.localAddress(alloc),
                lport,
                0,
                0,
                FwdMethod.FULLNAT,
                T0);
        assertThat(ports.freePorts(laddr)).isEqualTo(free - 1);
        assertThat(table.lookupOut(TCP, REAL.hi(), REAL.lo(), 8080, LADDR.hi(), LADDR.lo(), lport))
                .isEqualTo(c);
        tracker.tcp(c, IN, SYN, 1, 0, 0, 65535, T0);
        tracker.expire(T0 + 60_000);
        assertThat(ports.freePorts(laddr)).isEqualTo(free);
        assertThat(ports.users(laddr, lport)).isZero();

        // A flow that cannot be inserted gives its port straight back.
        int first = open(TCP, 40000, 0, FwdMethod.NAT, T0);
        assertThat(first).isGreaterThanOrEqualTo(0);
        int alloc2 = ports.allocate(group, TCP, REAL.hi(), REAL.lo(), 8080);
        int dup = tracker.open(
                TCP,
                CLIENT.hi(),
                CLIENT.lo(),
                40000,
                VIP.hi(),
                VIP.lo(),
                80,
                REAL.hi(),
                REAL.lo(),
                8080,
                laddr,
                LocalPortAllocator.localPort(alloc2),
                0,
                0,
                FwdMethod.FULLNAT,
                T0);
        assertThat(dup).isEqualTo(ConnTable.DUPLICATE_IN);
        assertThat(ports.freePorts(laddr)).isEqualTo(free);
    }

    @Test
    void openRefusesWhatItCannotTrack() {
        assertThat(open(1, 1, 0, FwdMethod.NAT, T0)).isEqualTo(ConnTable.INVALID); // ICMP
        assertThat(open(TCP, 1, 8, FwdMethod.NAT, T0)).isEqualTo(ConnTable.INVALID); // real not counted
        assertThat(open(TCP, 1, -1, FwdMethod.NAT, T0)).isEqualTo(ConnTable.INVALID);
        for (int i = 0; i < table.capacity(); i++) {
            assertThat(open(TCP, 100 + i, 0, FwdMethod.NAT, T0)).isGreaterThanOrEqualTo(0);
        }
        assertThat(open(TCP, 99, 0, FwdMethod.NAT, T0)).isEqualTo(ConnTable.FULL);
        assertCounts(0, 0, table.capacity());
        assertThat(tracker.table()).isSameAs(table);
        assertThat(tracker.load()).isSameAs(load);
    }
}
