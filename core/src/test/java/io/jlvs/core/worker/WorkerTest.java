package io.jlvs.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.ArpPacket;
import io.jlvs.core.packet.EtherType;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.Icmpv6Header;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.MacAddr;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.proto.Timeouts;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import io.jlvs.core.synproxy.SynProxySettings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker end to end on synthetic frames: ARP/NDP for owned addresses, neighbour resolution,
 * NAT / FULLNAT / DR both ways, rr order, and zero allocation on the established and the
 * new-connection paths. Outputs are parsed back and every checksum verified.
 */
class WorkerTest {
    static final int IF_C = 2;
    static final int IF_S = 3;
    static final long MAC_C = 0x02_00_00_00_00_02L;
    static final long MAC_S = 0x02_00_00_00_00_03L;
    static final long MAC_CLIENT = 0x02_00_00_00_0C_01L;
    static final String VIP = "198.18.0.100";
    static final String VIP6 = "2001:db8:0:c::100";
    static final String LIP = "198.18.1.200";
    static final int VIP_V4 = 0xC6120064; // 198.18.0.100
    static final String CLIENT = "198.18.0.11";
    static final String CLIENT6 = "2001:db8:0:c::11";
    static final String[] RS = {"198.18.1.11", "198.18.1.12", "198.18.1.13"};
    static final String[] RS6 = {"2001:db8:0:5::11", "2001:db8:0:5::12", "2001:db8:0:5::13"};

    final MemorySegment buf = Arena.ofAuto().allocate(4096);
    final FrameWriter w = new FrameWriter();
    final Capture tx = new Capture();

    /** Keeps a copy of every frame sent. */
    static final class Capture implements TxSink {
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> ifs = new ArrayList<>();
        /** The offload state each frame was sent with (Offload.NONE for the plain send). */
        final List<Long> offloads = new ArrayList<>();

        @Override
        public boolean send(int ifIndex, MemorySegment frame, long offset, int length) {
            return send(ifIndex, frame, offset, length, io.jlvs.core.packet.Offload.NONE);
        }

        @Override
        public boolean send(int ifIndex, MemorySegment frame, long offset, int length, long offload) {
            frames.add(frame.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            ifs.add(ifIndex);
            offloads.add(offload);
            return true;
        }

        ParsedPacket take(int expectIf) {
            assertThat(frames).as("a frame was sent").isNotEmpty();
            assertThat(ifs.remove(0)).isEqualTo(expectIf);
            offloads.remove(0);
            return parse(frames.remove(0));
        }
    }

    static ParsedPacket parse(byte[] bytes) {
        MemorySegment seg = Arena.ofAuto().allocate(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(seg, 0, bytes.length, p)).isEqualTo(ParseResult.OK);
        if (p.ipVersion() == 4) {
            assertThat(Checksums.verifyIpv4Header(seg, p.l3Offset()))
                    .as("IPv4 header checksum")
                    .isTrue();
        }
        if (p.protocol() == IpProtocol.TCP || p.protocol() == IpProtocol.UDP) {
            assertThat(Checksums.verifyL4(p)).as("L4 checksum").isTrue();
        }
        return p;
    }

    static long[] a(String s) {
        return InetAddr.parse(s);
    }

    /**
     * A router on the client side's "fragmentation needed" (MTU 1400) to {@code vip}, quoting the IP
     * packet of the Ethernet frame {@code quoted}; written into {@code buf}, returns its length.
     */
    static int fragNeededFromClientRouter(
            FrameWriter w, MemorySegment buf, long[] vip, MemorySegment quoted, int length) {
        long[] router = a("198.18.0.254");
        return w.begin(buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(router[0], router[1], vip[0], vip[1])
                .icmp(3, 4, 1400)
                .quote(quoted, 14, length - 14)
                .finish();
    }

    static long rsMac(int i) {
        return 0x02_00_00_00_05_11L + i;
    }

    static Snapshot snapshot(ForwardingMethod method, String scheduler) {
        return snapshot(method, scheduler, false);
    }

    static Snapshot snapshot(ForwardingMethod method, String scheduler, boolean synProxy) {
        return snapshot(method, scheduler, synProxy, ClientAddressSpec.NONE);
    }

    /**
     * Services on VIP:80 and VIP6:80 (TCP, SYNPROXY and the client address as asked) and VIP:53
     * (UDP, the client address where PROXY v2 carries it), three reals each.
     */
    static Snapshot snapshot(ForwardingMethod method, String scheduler, boolean synProxy, ClientAddressSpec spec) {
        VirtualService.Builder svc = VirtualService.tcp(VIP, 80)
                .scheduler(scheduler)
                .synProxy(synProxy)
                .clientAddress(spec);
        VirtualService.Builder svc6 = VirtualService.tcp(VIP6, 80)
                .scheduler(scheduler)
                .synProxy(synProxy)
                .clientAddress(spec);
        VirtualService.Builder udp = VirtualService.udp(VIP, 53)
                .scheduler(scheduler)
                .clientAddress(spec.mode() == ClientAddressMode.PROXY_V2 ? spec : ClientAddressSpec.NONE);
        for (int i = 0; i < 3; i++) {
            svc.real(RealServer.at(RS[i], 80).weight(1).method(method));
            svc6.real(RealServer.at(RS6[i], 80).weight(1).method(method));
            udp.real(RealServer.at(RS[i], 53).weight(1).method(method));
        }
        if (method == ForwardingMethod.FULLNAT) {
            svc.localAddress(LIP);
            udp.localAddress(LIP);
            svc6.localAddress("2001:db8:0:5::200");
        }
        ServiceTable services =
                ServiceTable.builder().service(svc).service(svc6).service(udp).build();
        RouteTable routes = new RouteTable(List.of(
                RouteTable.Route.of("198.18.0.0/24", IF_C, null, 0),
                RouteTable.Route.of("198.18.1.0/24", IF_S, null, 0),
                RouteTable.Route.of("2001:db8:0:c::/64", IF_C, null, 0),
                RouteTable.Route.of("2001:db8:0:5::/64", IF_S, null, 0)));
        DirectorInterfaces ifs = new DirectorInterfaces(List.of(
                iface(IF_C, "eth-c", MAC_C, "198.18.0.1", "2001:db8:0:c::1"),
                iface(IF_S, "eth-s", MAC_S, "198.18.1.1", "2001:db8:0:5::1")));
        long[] vip = a(VIP);
        long[] vip6 = a(VIP6);
        long[] lip = a(LIP);
        long[] lip6 = a("2001:db8:0:5::200");
        OwnedAddresses owned = new OwnedAddresses(List.of(
                new OwnedAddresses.Owned(vip[0], vip[1], IF_C, OwnedAddresses.Kind.VIP),
                new OwnedAddresses.Owned(vip6[0], vip6[1], IF_C, OwnedAddresses.Kind.VIP),
                new OwnedAddresses.Owned(lip[0], lip[1], IF_S, OwnedAddresses.Kind.LOCAL_ADDRESS),
                new OwnedAddresses.Owned(lip6[0], lip6[1], IF_S, OwnedAddresses.Kind.LOCAL_ADDRESS)));
        return new Snapshot(
                1,
                services,
                routes,
                ifs,
                owned,
                Timeouts.defaults(Worker.TICKS_PER_SECOND),
                false,
                false,
                Snapshot.DEFAULT_CONN_REUSE_MODE,
                SynProxySettings.DEFAULTS);
    }

    static DirectorInterfaces.Iface iface(int index, String name, long mac, String v4, String v6) {
        long[] a4 = a(v4);
        long[] a6 = a(v6);
        return new DirectorInterfaces.Iface(index, name, mac, 1500, a4[0], a4[1], a6[0], a6[1]);
    }

    Worker worker(ForwardingMethod method) {
        Snapshot s = snapshot(method, "rr");
        Worker wk = new Worker(
                0, 1, WorkerConfig.defaults().withConnCapacity(1 << 16).withSeed(7), s, 0);
        wk.beginBatch(s, tx, 0);
        return wk;
    }

    int syn(Worker wk, String client, int cport, String vip, long now) {
        long[] c = a(client);
        long[] v = a(vip);
        int n = w.begin(buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(cport, 80, 1000, 0, 0x02, 65535)
                .mss(1460)
                .finish();
        return wk.process(buf, 0, n, IF_C, now);
    }

    int tcp(
            Worker wk,
            int ifIndex,
            long srcMac,
            long dstMac,
            String src,
            int sport,
            String dst,
            int dport,
            int seq,
            int ack,
            int flags,
            int payload,
            long now) {
        int n = tcpFrame(w, buf, srcMac, dstMac, src, sport, dst, dport, seq, ack, flags, new byte[payload]);
        return wk.process(buf, 0, n, ifIndex, now);
    }

    /** Writes a TCP segment with {@code payload} into {@code seg} (checksums complete); its length. */
    static int tcpFrame(
            FrameWriter w,
            MemorySegment seg,
            long srcMac,
            long dstMac,
            String src,
            int sport,
            String dst,
            int dport,
            int seq,
            int ack,
            int flags,
            byte[] payload) {
        long[] s = a(src);
        long[] d = a(dst);
        w.begin(seg, 0, (int) Math.min(seg.byteSize(), Integer.MAX_VALUE))
                .ethernet(dstMac, srcMac)
                .ip(s[0], s[1], d[0], d[1])
                .tcp(sport, dport, seq, ack, flags, 65535);
        if (payload.length > 0) {
            w.payload(MemorySegment.ofArray(payload), 0, payload.length);
        }
        return w.finish();
    }

    /** Answers the worker's ARP probe (or NDP solicitation) for {@code addr} with {@code mac}. */
    void answerProbe(Worker wk, int ifIndex, String addr, long mac, long now) {
        ParsedPacket probe = tx.take(ifIndex);
        long[] t = a(addr);
        int n;
        if (InetAddr.isV4(t[0], t[1])) {
            assertThat(probe.etherType()).isEqualTo(EtherType.ARP);
            assertThat(probe.arp().operation()).isEqualTo(ArpPacket.OP_REQUEST);
            assertThat(probe.arp().targetIp()).isEqualTo(InetAddr.v4(t[1]));
            n = w.begin(buf, 0, 4096)
                    .ethernet(probe.srcMac(), mac)
                    .arp(
                            ArpPacket.OP_REPLY,
                            mac,
                            InetAddr.v4(t[1]),
                            probe.srcMac(),
                            probe.arp().senderIp())
                    .finish();
        } else {
            assertThat(probe.icmpv6().type()).isEqualTo(Icmpv6Header.NEIGHBOR_SOLICITATION);
            assertThat(probe.icmpv6().targetLo()).isEqualTo(t[1]);
            n = w.begin(buf, 0, 4096)
                    .ethernet(probe.srcMac(), mac)
                    .ipv6(t[0], t[1], probe.srcHi(), probe.srcLo(), 255, 0, 0)
                    .neighborAdvertisement(t[0], t[1], Icmpv6Header.NA_SOLICITED | Icmpv6Header.NA_OVERRIDE, mac)
                    .finish();
        }
        assertThat(wk.process(buf, 0, n, ifIndex, now)).isEqualTo(Verdict.IGNORED);
    }

    @Test
    void answersArpForOwnedAddressesOnlyOnTheirInterface() {
        Worker wk = worker(ForwardingMethod.MASQ);
        long[] vip = a(VIP);
        int n = w.begin(buf, 0, 4096)
                .ethernet(MacAddr.BROADCAST, MAC_CLIENT)
                .arp(ArpPacket.OP_REQUEST, MAC_CLIENT, InetAddr.v4(a(CLIENT)[1]), 0, InetAddr.v4(vip[1]))
                .finish();
        assertThat(wk.process(buf, 0, n, IF_C, 0)).isEqualTo(Verdict.REPLIED);
        ParsedPacket reply = tx.take(IF_C);
        assertThat(reply.arp().operation()).isEqualTo(ArpPacket.OP_REPLY);
        assertThat(reply.arp().senderMac()).isEqualTo(MAC_C);
        assertThat(reply.arp().senderIp()).isEqualTo(InetAddr.v4(vip[1]));
        assertThat(reply.dstMac()).isEqualTo(MAC_CLIENT);

        n = w.begin(buf, 0, 4096)
                .ethernet(MacAddr.BROADCAST, rsMac(0))
                .arp(ArpPacket.OP_REQUEST, rsMac(0), InetAddr.v4(a(RS[0])[1]), 0, InetAddr.v4(vip[1]))
                .finish();
        assertThat(wk.process(buf, 0, n, IF_S, 0)).isEqualTo(Verdict.IGNORED);
        assertThat(tx.frames).isEmpty();
    }

    @Test
    void answersNeighbourSolicitationsForAnOwnedIpv6Vip() {
        Worker wk = worker(ForwardingMethod.MASQ);
        long[] vip = a(VIP6);
        long[] c = a(CLIENT6);
        long snLo = 0x0000_0001_FF00_0000L | (vip[1] & 0xFF_FFFFL);
        int n = w.begin(buf, 0, 4096)
                .ethernet(MacAddr.ofIpv6Multicast(snLo), MAC_CLIENT)
                .ipv6(c[0], c[1], 0xFF02_0000_0000_0000L, snLo, 255, 0, 0)
                .neighborSolicitation(vip[0], vip[1], MAC_CLIENT)
                .finish();
        assertThat(wk.process(buf, 0, n, IF_C, 0)).isEqualTo(Verdict.REPLIED);
        ParsedPacket na = tx.take(IF_C);
        assertThat(na.icmpv6().type()).isEqualTo(Icmpv6Header.NEIGHBOR_ADVERTISEMENT);
        assertThat(na.icmpv6().targetLo()).isEqualTo(vip[1]);
        assertThat(na.icmpv6().linkLayerAddress(Icmpv6Header.OPT_TARGET_LINK_ADDR))
                .isEqualTo(MAC_C);
        assertThat(na.dstHi()).isEqualTo(c[0]);
        assertThat(na.dstLo()).isEqualTo(c[1]);
        assertThat(na.hopLimit()).isEqualTo(255);
    }

    @Test
    void natForwardsBothWaysAfterResolvingNextHops() {
        Worker wk = worker(ForwardingMethod.MASQ);
        assertThat(syn(wk, CLIENT, 40000, VIP, 0)).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        ParsedPacket out = tx.take(IF_S);
        assertThat(out.dstMac()).isEqualTo(rsMac(0));
        assertThat(out.srcMac()).isEqualTo(MAC_S);
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS[0]);
        assertThat(InetAddr.format(out.srcHi(), out.srcLo())).isEqualTo(CLIENT);
        assertThat(out.dstPort()).isEqualTo(80);
        assertThat(out.hopLimit()).isEqualTo(63);

        // The real server's SYN-ACK goes back from the VIP; the client's MAC is resolved first.
        int v = tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 40000, 5000, 1001, 0x12, 0, 2);
        assertThat(v).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 3);
        ParsedPacket back = tx.take(IF_C);
        assertThat(InetAddr.format(back.srcHi(), back.srcLo())).isEqualTo(VIP);
        assertThat(back.srcPort()).isEqualTo(80);
        assertThat(back.dstMac()).isEqualTo(MAC_CLIENT);
        assertThat(back.ack()).isEqualTo(1001);

        // Established: the next segments go straight through.
        assertThat(tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40000, VIP, 80, 1001, 5001, 0x10, 100, 4))
                .isEqualTo(Verdict.FORWARDED);
        assertThat(tx.take(IF_S).payloadLength()).isEqualTo(100);
        int id = wk.connections().lookupIn(6, 0, a(CLIENT)[1], 40000, 0, a(VIP)[1], 80);
        assertThat(id).isNotNegative();
        assertThat(wk.load().activeConns(wk.connections().real(id))).isEqualTo(1);
        assertThat(wk.counters().serviceFigure(0, Counters.CONNS)).isEqualTo(1);
        assertThat(wk.counters().serviceFigure(0, Counters.IN_PKTS)).isEqualTo(2);
        assertThat(wk.counters().serviceFigure(0, Counters.OUT_PKTS)).isEqualTo(1);
    }

    @Test
    void roundRobinSpreadsNewConnectionsOverTheThreeRealServers() {
        Worker wk = worker(ForwardingMethod.MASQ);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int v = syn(wk, CLIENT, 41000 + i, VIP, i);
            if (v == Verdict.QUEUED) {
                answerProbe(wk, IF_S, RS[i % 3], rsMac(i % 3), i);
            }
            ParsedPacket out = tx.take(IF_S);
            order.add(InetAddr.format(out.dstHi(), out.dstLo()));
        }
        assertThat(order).containsExactly(RS[0], RS[1], RS[2], RS[0], RS[1], RS[2]);
    }

    @Test
    void fullNatRewritesBothEndsAndRestoresTheClientsTupleAndSequenceSpace() {
        Worker wk = worker(ForwardingMethod.FULLNAT);
        assertThat(syn(wk, CLIENT, 40001, VIP, 0)).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        ParsedPacket out = tx.take(IF_S);
        assertThat(InetAddr.format(out.srcHi(), out.srcLo())).isEqualTo(LIP);
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS[0]);
        int lport = out.srcPort();
        int serverSeenIsn = out.seq();
        assertThat(lport).isBetween(1024, 65535);

        // Server answers to LIP:lport; the client must see VIP:80 → client:40001 acking its own ISN.
        int v = tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, LIP, lport, 7000, serverSeenIsn + 1, 0x12, 0, 2);
        assertThat(v).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 3);
        ParsedPacket back = tx.take(IF_C);
        assertThat(InetAddr.format(back.srcHi(), back.srcLo())).isEqualTo(VIP);
        assertThat(back.srcPort()).isEqualTo(80);
        assertThat(InetAddr.format(back.dstHi(), back.dstLo())).isEqualTo(CLIENT);
        assertThat(back.dstPort()).isEqualTo(40001);
        assertThat(back.ack()).isEqualTo(1001);
        assertThat(back.seq()).isEqualTo(7000);

        // The client's next segment carries its own sequence space; the server sees the shifted one.
        tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40001, VIP, 80, 1001, 7001, 0x10, 10, 4);
        ParsedPacket data = tx.take(IF_S);
        assertThat(data.seq()).isEqualTo(serverSeenIsn + 1);
        assertThat(data.srcPort()).isEqualTo(lport);
    }

    /** A MASQ connection from CLIENT:42000 to real server 0 that both sides closed: in TIME_WAIT. */
    void timeWaitFrom42000(Worker wk) {
        syn(wk, CLIENT, 42000, VIP, 0);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 0);
        tx.take(IF_S);
        tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 42000, 5000, 1001, 0x12, 0, 1);
        answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 1);
        tx.take(IF_C);
        tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 42000, VIP, 80, 1001, 5001, 0x10, 0, 2);
        tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 42000, VIP, 80, 1001, 5001, 0x11, 0, 3); // FIN
        tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 42000, 5001, 1002, 0x11, 0, 4); // FIN
        tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 42000, VIP, 80, 1002, 5002, 0x10, 0, 5);
        tx.frames.clear();
        tx.ifs.clear();
        int id = wk.connections().lookupIn(6, 0, a(CLIENT)[1], 42000, 0, a(VIP)[1], 80);
        assertThat(io.jlvs.core.proto.TcpStates.name(wk.connections().state(id)))
                .isEqualTo("TIME_WAIT");
    }

    @Test
    void aSynOnATimeWaitConnectionIsScheduledAfreshAsIpvsConnReuseModeDoes() {
        Worker wk = worker(ForwardingMethod.MASQ);
        timeWaitFrom42000(wk);
        // The same client port opens a new connection: rr moves on to the next real server.
        assertThat(syn(wk, CLIENT, 42000, VIP, 6)).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_S, RS[1], rsMac(1), 6);
        ParsedPacket out = tx.take(IF_S);
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS[1]);
        assertThat(wk.counters().reusedConnections).isEqualTo(1);
        assertThat(wk.counters().serviceFigure(0, Counters.CONNS)).isEqualTo(2);
    }

    @Test
    void connReuseModeZeroSendsTheSynToTheServerOfTheOldConnection() {
        Worker wk = worker(ForwardingMethod.MASQ);
        Snapshot s = wk.snapshot();
        Snapshot zero = new Snapshot(
                s.version() + 1,
                s.services(),
                s.routes(),
                s.interfaces(),
                s.owned(),
                s.timeouts(),
                s.expireNodestConn(),
                s.expireQuiescentTemplate(),
                0,
                s.synProxy());
        wk.beginBatch(zero, tx, 0);
        timeWaitFrom42000(wk);
        assertThat(syn(wk, CLIENT, 42000, VIP, 6)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket out = tx.take(IF_S);
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS[0]);
        assertThat(wk.counters().reusedConnections).isZero();
        assertThat(wk.counters().serviceFigure(0, Counters.CONNS)).isEqualTo(1);
    }

    @Test
    void fragmentationNeededFromTheClientSideReachesTheRealServerTranslated() {
        Worker wk = worker(ForwardingMethod.FULLNAT);
        syn(wk, CLIENT, 43000, VIP, 0);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 0);
        int lport = tx.take(IF_S).srcPort();
        // A router on the client side could not pass our reply VIP:80 → client:43000.
        long[] v = a(VIP);
        long[] c = a(CLIENT);
        MemorySegment orig = Arena.ofAuto().allocate(256);
        int olen = w.begin(orig, 0, 256)
                .ethernet(MAC_CLIENT, MAC_C)
                .ip(v[0], v[1], c[0], c[1])
                .tcp(80, 43000, 7777, 1001, 0x10, 65535)
                .payload(MemorySegment.ofArray(new byte[100]), 0, 100)
                .finish();
        int n = fragNeededFromClientRouter(w, buf, v, orig, olen);
        assertThat(wk.process(buf, 0, n, IF_C, 1)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket out = tx.take(IF_S);
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS[0]);
        assertThat(InetAddr.format(out.srcHi(), out.srcLo())).isEqualTo(LIP);
        ParsedPacket inner = new ParsedPacket();
        assertThat(PacketParser.parseQuoted(out, inner)).isEqualTo(ParseResult.OK);
        assertThat(InetAddr.format(inner.srcHi(), inner.srcLo())).isEqualTo(RS[0]);
        assertThat(inner.srcPort()).isEqualTo(80);
        assertThat(InetAddr.format(inner.dstHi(), inner.dstLo())).isEqualTo(LIP);
        assertThat(inner.dstPort()).isEqualTo(lport);
        assertThat(wk.counters().icmpRelayed).isEqualTo(1);
    }

    @Test
    void fullNatOverIpv6() {
        Worker wk = worker(ForwardingMethod.FULLNAT);
        assertThat(syn(wk, CLIENT6, 40002, VIP6, 0)).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_S, RS6[0], rsMac(0), 1);
        ParsedPacket out = tx.take(IF_S);
        assertThat(InetAddr.format(out.srcHi(), out.srcLo())).isEqualTo("2001:db8:0:5::200");
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS6[0]);
    }

    @Test
    void directRoutingOnlyChangesTheMac() {
        Worker wk = worker(ForwardingMethod.ROUTE);
        syn(wk, CLIENT, 40003, VIP, 0);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        ParsedPacket out = tx.take(IF_S);
        assertThat(out.dstMac()).isEqualTo(rsMac(0));
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(VIP);
        assertThat(InetAddr.format(out.srcHi(), out.srcLo())).isEqualTo(CLIENT);
    }

    @Test
    void tunnelFramesWaitForTheNextHopLikeEveryOtherMethod() {
        Worker wk = worker(ForwardingMethod.TUNNEL);
        assertThat(syn(wk, CLIENT, 40005, VIP, 0)).isEqualTo(Verdict.QUEUED);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        ParsedPacket out = tx.take(IF_S);
        assertThat(out.dstMac()).isEqualTo(rsMac(0));
        assertThat(out.srcMac()).isEqualTo(MAC_S);
        assertThat(out.protocol()).isEqualTo(IpProtocol.IPIP);
        assertThat(InetAddr.format(out.srcHi(), out.srcLo())).isEqualTo("198.18.1.1");
        assertThat(InetAddr.format(out.dstHi(), out.dstLo())).isEqualTo(RS[0]);
        // The client's datagram rides inside unchanged: client → VIP.
        MemorySegment inner = out.segment();
        long l3 = out.l4Offset();
        assertThat(InetAddr.format(0, InetAddr.v4Lo(io.jlvs.core.packet.Wire.i32(inner, l3 + 12))))
                .isEqualTo(CLIENT);
        assertThat(InetAddr.format(0, InetAddr.v4Lo(io.jlvs.core.packet.Wire.i32(inner, l3 + 16))))
                .isEqualTo(VIP);
        assertThat(wk.counters().drops[DropReason.NEIGHBOUR_QUEUE_FULL]).isZero();

        // Resolved: the next segment of the flow goes straight through.
        assertThat(tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40005, VIP, 80, 1001, 1, 0x10, 10, 2))
                .isEqualTo(Verdict.FORWARDED);
        assertThat(tx.take(IF_S).dstMac()).isEqualTo(rsMac(0));
    }

    @Test
    void aTunnelIsNotSentFromTheUnspecifiedAddress() {
        Snapshot s = snapshot(ForwardingMethod.TUNNEL, "rr");
        long[] c4 = a("198.18.0.1");
        long[] s4 = a("198.18.1.1");
        // The server-side interface has no IPv6 address to be the outer source of an IPv6 tunnel.
        Snapshot noV6 = new Snapshot(
                2,
                s.services(),
                s.routes(),
                new DirectorInterfaces(List.of(
                        new DirectorInterfaces.Iface(IF_C, "eth-c", MAC_C, 1500, c4[0], c4[1], 0, 0),
                        new DirectorInterfaces.Iface(IF_S, "eth-s", MAC_S, 1500, s4[0], s4[1], 0, 0))),
                s.owned(),
                s.timeouts(),
                false,
                false,
                s.connReuseMode(),
                s.synProxy());
        Worker wk = new Worker(0, 1, WorkerConfig.defaults().withSeed(7), noV6, 0);
        wk.beginBatch(noV6, tx, 0);
        assertThat(syn(wk, CLIENT6, 40006, VIP6, 0)).isEqualTo(Verdict.DROPPED);
        assertThat(wk.counters().drops[DropReason.TRANSFORM_FAILED]).isEqualTo(1);
        assertThat(wk.counters().drops[DropReason.TUNNEL_TOO_BIG]).isZero();
        assertThat(tx.frames).isEmpty();
    }

    @Test
    void strayTcpSegmentsAndUnknownTrafficAreNotScheduled() {
        Worker wk = worker(ForwardingMethod.MASQ);
        // A stray FIN without ACK, and a stray reset: dropped, never answered.
        assertThat(tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40004, VIP, 80, 1, 0, 0x01, 0, 0))
                .isEqualTo(Verdict.DROPPED);
        assertThat(tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40004, VIP, 80, 1, 1, 0x14, 0, 0))
                .isEqualTo(Verdict.DROPPED);
        assertThat(wk.counters().drops[DropReason.NO_CONNECTION]).isEqualTo(2);
        assertThat(tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40004, "198.18.0.1", 22, 1, 0, 0x02, 0, 0))
                .isEqualTo(Verdict.IGNORED);
        assertThat(wk.process(buf, 0, 10, IF_C, 0)).isEqualTo(Verdict.DROPPED);
        assertThat(tx.frames).isEmpty();
        assertThat(wk.connections().size()).isZero();
    }

    @Test
    void aStrayAcknowledgementToAVirtualServiceIsAnsweredWithAResetAtItsAckNumber() {
        Worker wk = worker(ForwardingMethod.MASQ);
        // As the director's own stack answers under IPVS (RFC 9293 §3.10.7.1): no connection is
        // made, the client learns its flow is gone.
        assertThat(tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40004, VIP, 80, 1000, 777_777, 0x18, 20, 0))
                .isEqualTo(Verdict.REPLIED);
        answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 1);
        ParsedPacket rst = tx.take(IF_C);
        assertThat(rst.tcpFlags()).isEqualTo(TcpHeader.RST);
        assertThat(rst.seq()).isEqualTo(777_777);
        assertThat(InetAddr.format(rst.srcHi(), rst.srcLo())).isEqualTo(VIP);
        assertThat(rst.srcPort()).isEqualTo(80);
        assertThat(InetAddr.format(rst.dstHi(), rst.dstLo())).isEqualTo(CLIENT);
        assertThat(rst.dstPort()).isEqualTo(40004);
        assertThat(rst.payloadLength()).isZero();
        assertThat(wk.counters().strayResets).isEqualTo(1);
        assertThat(wk.connections().size()).isZero();
    }

    @Test
    void answeringStrayAcknowledgementsAllocatesNothing() {
        Worker wk = worker(ForwardingMethod.MASQ);
        tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40004, VIP, 80, 1000, 1, 0x10, 0, 0);
        answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 0); // the client's MAC, once
        tx.take(IF_C);
        CountingSink sink = new CountingSink();
        wk.beginBatch(wk.snapshot(), sink, 1);
        MemorySegment frame = Arena.ofAuto().allocate(256);
        long[] c = a(CLIENT);
        long[] v = a(VIP);
        int n = w.begin(frame, 0, 256)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(40004, 80, 1000, 777_777, 0x10, 65535)
                .finish();
        MemorySegment work = Arena.ofAuto().allocate(256);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200_000; i++) { // warm up: let the JIT settle first
            MemorySegment.copy(frame, 0, work, 0, n);
            wk.process(work, 0, n, IF_C, 1);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            MemorySegment.copy(frame, 0, work, 0, n);
            wk.process(work, 0, n, IF_C, 1);
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;

        assertThat(wk.counters().strayResets).isEqualTo(1_200_001);
        assertThat(sink.frames).isEqualTo(1_200_000);
        assertThat(wk.connections().size()).isZero();
        assertThat(bytes).as("bytes allocated by 1M stray ACKs answered").isLessThan(16_384);
    }

    /** A sink that counts and copies nothing, so the allocation test measures the worker alone. */
    static final class CountingSink implements TxSink {
        long frames;
        long bytes;

        @Override
        public boolean send(int ifIndex, MemorySegment frame, long offset, int length) {
            frames++;
            bytes += length;
            return true;
        }

        @Override
        public boolean send(int ifIndex, MemorySegment frame, long offset, int length, long offload) {
            return send(ifIndex, frame, offset, length);
        }
    }

    @Test
    void establishedFullNatAndNewConnectionsAllocateNothing() {
        Snapshot s = snapshot(ForwardingMethod.FULLNAT, "rr");
        Worker wk = new Worker(
                0, 1, WorkerConfig.defaults().withConnCapacity(1 << 17).withSeed(3), s, 0);
        wk.beginBatch(s, tx, 0);
        // Resolve every neighbour once.
        syn(wk, CLIENT, 30000, VIP, 0);
        answerProbe(wk, IF_S, RS[0], rsMac(0), 0);
        ParsedPacket first = tx.take(IF_S);
        int lport = first.srcPort();
        int isn = first.seq();
        tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, LIP, lport, 9000, isn + 1, 0x12, 0, 0);
        answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 0);
        tx.take(IF_C); // the SYN-ACK that waited for the client's MAC
        for (int i = 1; i < 3; i++) {
            syn(wk, CLIENT, 30000 + i, VIP, 0);
            answerProbe(wk, IF_S, RS[i], rsMac(i), 0);
            tx.take(IF_S);
        }
        tx.frames.clear();
        tx.ifs.clear();

        CountingSink sink = new CountingSink();
        wk.beginBatch(s, sink, 1);
        MemorySegment in = Arena.ofAuto().allocate(256);
        MemorySegment out = Arena.ofAuto().allocate(256);
        long[] c = a(CLIENT);
        long[] v = a(VIP);
        long[] r = a(RS[0]);
        long[] l = a(LIP);
        int inLen = w.begin(in, 0, 256)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(30000, 80, 1001, 9001, 0x10, 65535)
                .payload(MemorySegment.ofArray(new byte[64]), 0, 64)
                .finish();
        int outLen = w.begin(out, 0, 256)
                .ethernet(MAC_S, rsMac(0))
                .ip(r[0], r[1], l[0], l[1])
                .tcp(80, lport, 9001, isn + 1, 0x10, 65535)
                .payload(MemorySegment.ofArray(new byte[64]), 0, 64)
                .finish();
        MemorySegment work = Arena.ofAuto().allocate(256);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        for (int i = 0; i < 200_000; i++) { // warm up: let the JIT settle first
            established(wk, work, in, inLen, out, outLen, i);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            established(wk, work, in, inLen, out, outLen, i);
        }
        long establishedBytes = mx.getCurrentThreadAllocatedBytes() - before;

        // New connections: a million SYNs from ever-new client ports and addresses; time moves on so
        // the half-open ones expire and their local ports come back.
        MemorySegment synFrame = Arena.ofAuto().allocate(256);
        long now = 10;
        for (int i = 0; i < 100_000; i++) {
            now = newConnection(wk, sink, synFrame, i, now);
        }
        before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 100_000; i < 1_100_000; i++) {
            now = newConnection(wk, sink, synFrame, i, now);
        }
        long newConnBytes = mx.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink.frames).isGreaterThan(3_000_000);
        assertThat(wk.counters().drops[DropReason.TABLE_FULL]).isZero();
        assertThat(establishedBytes)
                .as("bytes allocated by 1M established FULLNAT packets")
                .isLessThan(16_384);
        assertThat(newConnBytes).as("bytes allocated by 1M new connections").isLessThan(16_384);
    }

    private static void established(
            Worker wk, MemorySegment work, MemorySegment in, int inLen, MemorySegment out, int outLen, int i) {
        MemorySegment.copy(in, 0, work, 0, inLen);
        wk.process(work, 0, inLen, IF_C, 1);
        MemorySegment.copy(out, 0, work, 0, outLen);
        wk.process(work, 0, outLen, IF_S, 1);
    }

    private long newConnection(Worker wk, TxSink sink, MemorySegment frame, int i, long now) {
        if (i % 50_000 == 0) {
            now += 200_000; // past the SYN timeouts: the previous wave expires
            wk.beginBatch(wk.snapshot(), sink, now);
        }
        int client = 0xC6120000 | (i >>> 12 & 0xFF); // 198.18.0.x, resolved below for x = 11 only
        int n = w.begin(frame, 0, 256)
                .ethernet(MAC_C, MAC_CLIENT)
                .ipv4(client, VIP_V4)
                .tcp(1024 + (i & 0xFFF) * 15, 80, i, 0, 0x02, 65535)
                .finish();
        wk.process(frame, 0, n, IF_C, now);
        return now;
    }
}
