package io.jlvs.core.worker;

import static io.jlvs.core.worker.WorkerTest.CLIENT;
import static io.jlvs.core.worker.WorkerTest.CLIENT6;
import static io.jlvs.core.worker.WorkerTest.IF_C;
import static io.jlvs.core.worker.WorkerTest.IF_S;
import static io.jlvs.core.worker.WorkerTest.MAC_C;
import static io.jlvs.core.worker.WorkerTest.MAC_CLIENT;
import static io.jlvs.core.worker.WorkerTest.MAC_S;
import static io.jlvs.core.worker.WorkerTest.RS;
import static io.jlvs.core.worker.WorkerTest.RS6;
import static io.jlvs.core.worker.WorkerTest.VIP;
import static io.jlvs.core.worker.WorkerTest.VIP6;
import static io.jlvs.core.worker.WorkerTest.a;
import static io.jlvs.core.worker.WorkerTest.rsMac;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.core.service.ForwardingMethod;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The client address carried through the worker on synthetic flows: the PROXY header in front of the
 * first data (and again with its retransmission), the sequence shift after it both ways, SACK edges,
 * MSS room; the TOA option on the handshake's ACK, skipped and counted without room; UDP PROXY v2 per
 * datagram; zero allocation. Every output's checksums are recomputed here from its bytes.
 */
class WorkerClientAddressTest {
    static final int ACK = TcpHeader.ACK;
    static final int PSH_ACK = TcpHeader.PSH | TcpHeader.ACK;

    final WorkerTest h = new WorkerTest();
    final WorkerTest.Capture tx = h.tx;
    final MemorySegment buf = Arena.ofAuto().allocate(4096);
    final FrameWriter w = new FrameWriter();

    static Snapshot snapshot(ForwardingMethod method, ClientAddressSpec spec) {
        return WorkerTest.snapshot(method, "rr", false, spec);
    }

    Worker worker(ForwardingMethod method, ClientAddressMode mode) {
        return worker(method, ClientAddressSpec.of(mode));
    }

    Worker worker(ForwardingMethod method, ClientAddressSpec spec) {
        Snapshot s = snapshot(method, spec);
        Worker wk = new Worker(
                0, 1, WorkerConfig.defaults().withConnCapacity(1 << 14).withSeed(7), s, 0);
        wk.beginBatch(s, tx, 0);
        return wk;
    }

    /** What the real server saw of the handshake. */
    record Server(String rs, String peer, int peerPort, int isn, ParsedPacket syn, ParsedPacket synAck) {}

    /** Client ISN 1000 (port 40000), server ISN 5000 with MSS 1460. */
    Server handshake(Worker wk, String client, String vip, String rs) {
        h.syn(wk, client, 40000, vip, 0);
        h.answerProbe(wk, IF_S, rs, rsMac(0), 0);
        ParsedPacket syn = take(IF_S);
        String peer = InetAddr.format(syn.srcHi(), syn.srcLo());
        long[] s = a(rs);
        long[] d = a(peer);
        int n = w.begin(buf, 0, 4096)
                .ethernet(MAC_S, rsMac(0))
                .ip(s[0], s[1], d[0], d[1])
                .tcp(80, syn.srcPort(), 5000, syn.seq() + 1, TcpHeader.SYN | ACK, 65535)
                .mss(1460)
                .finish();
        wk.process(buf, 0, n, IF_S, 1);
        h.answerProbe(wk, IF_C, client, MAC_CLIENT, 1);
        ParsedPacket synAck = take(IF_C);
        return new Server(rs, peer, syn.srcPort(), syn.seq(), syn, synAck);
    }

    void client(Worker wk, String client, String vip, int seq, int ack, int flags, byte[] payload) {
        long[] c = a(client);
        long[] v = a(vip);
        w.begin(buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(40000, 80, seq, ack, flags, 65535);
        if (payload.length > 0) {
            w.payload(MemorySegment.ofArray(payload), 0, payload.length);
        }
        wk.process(buf, 0, w.finish(), IF_C, 2);
    }

    void server(Worker wk, Server s, int seq, int ack, int sackLeft, int sackRight) {
        long[] r = a(s.rs());
        long[] d = a(s.peer());
        w.begin(buf, 0, 4096)
                .ethernet(MAC_S, rsMac(0))
                .ip(r[0], r[1], d[0], d[1])
                .tcp(80, s.peerPort(), seq, ack, ACK, 65535);
        if (sackLeft != sackRight) {
            w.nop().nop().sack(1).sackBlock(sackLeft, sackRight);
        }
        wk.process(buf, 0, w.finish(), IF_S, 3);
    }

    static byte[] request(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    static byte[] payload(ParsedPacket p) {
        return p.segment().asSlice(p.payloadOffset(), p.payloadLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Takes a frame and verifies its checksums with a sum computed here, not by the code under test. */
    ParsedPacket take(int ifIndex) {
        ParsedPacket p = tx.take(ifIndex);
        byte[] f = p.segment().toArray(ValueLayout.JAVA_BYTE);
        int l3 = (int) p.l3Offset();
        int l4 = (int) p.l4Offset();
        int l4len = p.l4Length();
        long sum = 0;
        if (p.isIpv4()) {
            sum = sum(f, l3 + 12, 8);
            assertThat(fold(sum(f, l3, (f[l3] & 0xF) * 4)))
                    .as("IPv4 header checksum")
                    .isEqualTo(0xFFFF);
            assertThat(((f[l3 + 2] & 0xFF) << 8 | (f[l3 + 3] & 0xFF))).isEqualTo(p.frameLength() - l3);
        } else {
            sum = sum(f, l3 + 8, 32);
        }
        sum += p.protocol() + l4len + sum(f, l4, l4len);
        assertThat(fold(sum)).as("transport checksum recomputed").isEqualTo(0xFFFF);
        return p;
    }

    static long sum(byte[] f, int from, int length) {
        long s = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = f[from + i] & 0xFF;
            int lo = i + 1 < length ? f[from + i + 1] & 0xFF : 0;
            s += hi << 8 | lo;
        }
        return s;
    }

    static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    static int mss(ParsedPacket p) {
        return p.tcpOptions().findMss();
    }

    @Test
    void proxyHeadersGoInFrontOfTheFirstDataAndShiftTheStream() {
        for (ClientAddressMode mode :
                new ClientAddressMode[] {ClientAddressMode.PROXY_V1, ClientAddressMode.PROXY_V2}) {
            for (ForwardingMethod method : new ForwardingMethod[] {ForwardingMethod.FULLNAT, ForwardingMethod.MASQ}) {
                Worker wk = worker(method, mode);
                Server s = handshake(wk, CLIENT, VIP, RS[0]);
                int reserve = mode == ClientAddressMode.PROXY_V1 ? 56 : 28;
                assertThat(mss(s.synAck())).as("room for the header").isEqualTo(1460 - reserve);
                int start = s.isn() + 1;

                client(wk, CLIENT, VIP, 1001, 5001, ACK, new byte[0]);
                ParsedPacket ack = take(IF_S);
                assertThat(ack.seq()).isEqualTo(start);
                assertThat(ack.payloadLength()).isZero();

                byte[] req = request(100);
                byte[] hdr = mode == ClientAddressMode.PROXY_V1
                        ? "PROXY TCP4 198.18.0.11 198.18.0.100 40000 80\r\n".getBytes(StandardCharsets.US_ASCII)
                        : v2Header();
                int len = hdr.length;
                for (int attempt = 0; attempt < 2; attempt++) {
                    client(wk, CLIENT, VIP, 1001, 5001, PSH_ACK, req);
                    ParsedPacket data = take(IF_S);
                    assertThat(data.seq())
                            .as("the header takes the stream's first bytes")
                            .isEqualTo(start);
                    byte[] got = payload(data);
                    assertThat(Arrays.copyOf(got, len)).isEqualTo(hdr);
                    assertThat(Arrays.copyOfRange(got, len, got.length)).isEqualTo(req);
                    assertThat(InetAddr.format(data.dstHi(), data.dstLo())).isEqualTo(RS[0]);
                }
                assertThat(wk.counters().proxyHeaders).isEqualTo(2);
                assertThat(wk.counters().proxyHeadersResent).isEqualTo(1);

                // The server acknowledges header and request, and SACKs a later block: shifted back.
                server(wk, s, 5001, start + len + 100, start + len + 200, start + len + 300);
                ParsedPacket back = take(IF_C);
                assertThat(back.ack()).isEqualTo(1101);
                back.tcpOptions().rewind();
                assertThat(sackEdges(back)).containsExactly(1201, 1301);

                // Now a retransmission of the first data is a plain duplicate; later data follows the header.
                client(wk, CLIENT, VIP, 1001, 5001, PSH_ACK, req);
                ParsedPacket dup = take(IF_S);
                assertThat(dup.seq()).isEqualTo(start + len);
                assertThat(payload(dup)).isEqualTo(req);
                client(wk, CLIENT, VIP, 1101, 5001, PSH_ACK, request(10));
                ParsedPacket next = take(IF_S);
                assertThat(next.seq()).isEqualTo(start + len + 100);
                assertThat(next.payloadLength()).isEqualTo(10);
                assertThat(wk.counters().proxyHeaders).isEqualTo(2);
            }
        }
    }

    static int[] sackEdges(ParsedPacket p) {
        byte[] f = p.segment().toArray(ValueLayout.JAVA_BYTE);
        ByteBuffer b = ByteBuffer.wrap(f);
        int opt = (int) p.l4Offset() + 20;
        int end = (int) p.l4Offset() + p.tcpHeaderLength();
        while (opt < end) {
            int kind = f[opt] & 0xFF;
            if (kind == 1) {
                opt++;
                continue;
            }
            if (kind == 5) {
                return new int[] {b.getInt(opt + 2), b.getInt(opt + 6)};
            }
            opt += f[opt + 1] & 0xFF;
        }
        return new int[0];
    }

    static byte[] v2Header() {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put(new byte[] {13, 10, 13, 10, 0, 13, 10, 'Q', 'U', 'I', 'T', 10});
        b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        b.putInt(0xC612000B).putInt(0xC6120064).putShort((short) 40000).putShort((short) 80);
        return b.array();
    }

    @Test
    void firstDataArrivingAfterALaterSegmentStillGetsTheHeaderInFront() {
        Worker wk = worker(ForwardingMethod.FULLNAT, ClientAddressMode.PROXY_V1);
        Server s = handshake(wk, CLIENT, VIP, RS[0]);
        int start = s.isn() + 1;
        int len = "PROXY TCP4 198.18.0.11 198.18.0.100 40000 80\r\n".length();
        client(wk, CLIENT, VIP, 1101, 5001, PSH_ACK, request(50)); // the first 100 bytes were lost
        ParsedPacket later = take(IF_S);
        assertThat(later.seq()).isEqualTo(start + len + 100);
        client(wk, CLIENT, VIP, 1001, 5001, PSH_ACK, request(100));
        ParsedPacket first = take(IF_S);
        assertThat(first.seq()).isEqualTo(start);
        assertThat(first.payloadLength()).isEqualTo(len + 100);
    }

    @Test
    void ipv6ClientsGetTheIpv6TextForm() {
        Worker wk = worker(ForwardingMethod.FULLNAT, ClientAddressMode.PROXY_V1);
        Server s = handshake(wk, CLIENT6, VIP6, RS6[0]);
        assertThat(mss(s.synAck())).isEqualTo(1440 - 107);
        client(wk, CLIENT6, VIP6, 1001, 5001, PSH_ACK, request(10));
        ParsedPacket data = take(IF_S);
        assertThat(new String(payload(data), StandardCharsets.US_ASCII))
                .startsWith("PROXY TCP6 2001:db8:0:c::11 2001:db8:0:c::100 40000 80\r\nxxxxxxxxxx");
        assertThat(data.seq()).isEqualTo(s.isn() + 1);
    }

    @Test
    void toaRidesOnTheHandshakesAckUntilTheServerAcknowledgesData() {
        Worker wk = worker(ForwardingMethod.FULLNAT, ClientAddressMode.TOA);
        Server s = handshake(wk, CLIENT, VIP, RS[0]);
        assertThat(mss(s.synAck())).isEqualTo(1460 - 8);
        client(wk, CLIENT, VIP, 1001, 5001, ACK, new byte[0]);
        ParsedPacket ack = take(IF_S);
        assertThat(ack.tcpHeaderLength()).isEqualTo(28);
        byte[] f = ack.segment().toArray(ValueLayout.JAVA_BYTE);
        int o = (int) ack.l4Offset() + 20;
        assertThat(Arrays.copyOfRange(f, o, o + 8))
                .isEqualTo(new byte[] {(byte) 254, 8, (byte) 0x9C, 0x40, (byte) 198, 18, 0, 11});
        assertThat(ack.seq()).isEqualTo(s.isn() + 1);

        client(wk, CLIENT, VIP, 1001, 5001, PSH_ACK, request(100));
        ParsedPacket data = take(IF_S);
        assertThat(data.tcpHeaderLength())
                .as("still owed: the first data carries it too")
                .isEqualTo(28);
        assertThat(data.payloadLength()).isEqualTo(100);
        server(wk, s, 5001, s.isn() + 101, 0, 0);
        take(IF_C);
        client(wk, CLIENT, VIP, 1101, 5001, PSH_ACK, request(100));
        assertThat(take(IF_S).tcpHeaderLength()).isEqualTo(20);
        assertThat(wk.counters().toaAdded).isEqualTo(2);

        // A header already full of options: sent as it is, counted.
        Worker full = worker(ForwardingMethod.FULLNAT, ClientAddressMode.TOA);
        Server s2 = handshake(full, CLIENT, VIP, RS[0]);
        long[] c = a(CLIENT);
        long[] v = a(VIP);
        int n = w.begin(buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(40000, 80, 1001, 5001, ACK, 65535)
                .timestamps(1, 2)
                .nop()
                .nop()
                .sack(3)
                .sackBlock(1, 2)
                .sackBlock(3, 4)
                .sackBlock(5, 6)
                .finish();
        full.process(buf, 0, n, IF_C, 2);
        ParsedPacket noRoom = take(IF_S);
        assertThat(noRoom.tcpHeaderLength()).isEqualTo(60);
        assertThat(noRoom.seq()).isEqualTo(s2.isn() + 1);
        assertThat(full.counters().toaNoRoom).isEqualTo(1);
        assertThat(full.counters().toaAdded).isZero();
    }

    /** The TOA option at the start of {@code p}'s options, as bytes. */
    static ByteBuffer toaAt(ParsedPacket p) {
        ByteBuffer b = ByteBuffer.wrap(p.segment().toArray(ValueLayout.JAVA_BYTE));
        return b.position((int) p.l4Offset() + 20).slice();
    }

    @Test
    void ipv6ToaKinds() {
        for (int kind : new int[] {253, 254}) {
            Worker wk = worker(ForwardingMethod.FULLNAT, new ClientAddressSpec(ClientAddressMode.TOA, false, kind));
            Server srv = handshake(wk, CLIENT6, VIP6, RS6[0]);
            assertThat(mss(srv.synAck())).isEqualTo(1440 - 20);
            client(wk, CLIENT6, VIP6, 1001, 5001, ACK, new byte[0]);
            ParsedPacket ack = take(IF_S);
            ByteBuffer b = toaAt(ack);
            long[] c6 = a(CLIENT6);
            assertThat(b.get(0) & 0xFF).isEqualTo(kind);
            assertThat(b.get(1)).isEqualTo((byte) 20);
            assertThat(b.getShort(2) & 0xFFFF).isEqualTo(40000);
            assertThat(b.getLong(4)).isEqualTo(c6[0]);
            assertThat(b.getLong(12)).isEqualTo(c6[1]);
            assertThat(ack.tcpHeaderLength()).isEqualTo(40);
        }
    }

    @Test
    void toaInTheSynWhereTheServiceAsksForIt() {
        for (boolean inSyn : new boolean[] {false, true}) {
            Worker wk = worker(ForwardingMethod.FULLNAT, new ClientAddressSpec(ClientAddressMode.TOA, inSyn, 253));
            Server s = handshake(wk, CLIENT, VIP, RS[0]);
            ParsedPacket syn = s.syn();
            assertThat(syn.tcpFlags()).isEqualTo(TcpHeader.SYN);
            if (inSyn) {
                assertThat(syn.tcpHeaderLength())
                        .as("the SYN grew by the option")
                        .isEqualTo(24 + 8);
                byte[] opt = new byte[8];
                toaAt(syn).get(opt);
                assertThat(opt).isEqualTo(new byte[] {(byte) 254, 8, (byte) 0x9C, 0x40, (byte) 198, 18, 0, 11});
                assertThat(mss(syn)).as("the client's MSS option still follows").isEqualTo(1460);
            } else {
                assertThat(syn.tcpHeaderLength())
                        .as("the SYN as the client sent it")
                        .isEqualTo(24);
            }
            assertThat(mss(s.synAck())).isEqualTo(1460 - 8);
            client(wk, CLIENT, VIP, 1001, 5001, ACK, new byte[0]);
            assertThat(toaAt(take(IF_S)).get(0) & 0xFF)
                    .as("the handshake's ACK carries it either way")
                    .isEqualTo(254);
            assertThat(wk.counters().toaAdded).isEqualTo(inSyn ? 2 : 1);
        }
    }

    @Test
    void toaIsForFullNatOnly() {
        // Under NAT the real server sees the client itself: no option, no MSS reserve.
        Worker wk = worker(ForwardingMethod.MASQ, ClientAddressMode.TOA);
        Server s = handshake(wk, CLIENT, VIP, RS[0]);
        assertThat(mss(s.synAck())).isEqualTo(1460);
        client(wk, CLIENT, VIP, 1001, 5001, ACK, new byte[0]);
        assertThat(take(IF_S).tcpHeaderLength()).isEqualTo(20);
        assertThat(wk.counters().toaAdded).isZero();
    }

    @Test
    void nothingGrowsPastTheEgressMtu() {
        // A client that ignores the lowered MSS: a 1500-byte packet has no room for 8 more bytes.
        Worker wk = worker(ForwardingMethod.FULLNAT, ClientAddressMode.TOA);
        Server s = handshake(wk, CLIENT, VIP, RS[0]);
        client(wk, CLIENT, VIP, 1001, 5001, PSH_ACK, request(1460));
        ParsedPacket full = take(IF_S);
        assertThat(full.ipTotalLength()).isEqualTo(1500);
        assertThat(full.tcpHeaderLength()).as("sent without the option").isEqualTo(20);
        assertThat(wk.counters().toaTooBig).isEqualTo(1);
        client(wk, CLIENT, VIP, 2461, 5001, PSH_ACK, request(1000));
        assertThat(take(IF_S).tcpHeaderLength())
                .as("still owed: the next segment has room")
                .isEqualTo(28);
        assertThat(s.isn()).isNotZero();

        // A PROXY header cannot be left out of the stream: such a first segment is dropped, counted.
        Worker proxy = worker(ForwardingMethod.FULLNAT, ClientAddressMode.PROXY_V2);
        handshake(proxy, CLIENT, VIP, RS[0]);
        client(proxy, CLIENT, VIP, 1001, 5001, PSH_ACK, request(1460));
        assertThat(tx.frames).as("nothing sent").isEmpty();
        assertThat(proxy.counters().clientAddressFailed).isEqualTo(1);
        assertThat(proxy.counters().drops[DropReason.TRANSFORM_FAILED]).isEqualTo(1);
        client(proxy, CLIENT, VIP, 1001, 5001, PSH_ACK, request(1000));
        ParsedPacket data = take(IF_S);
        assertThat(data.payloadLength())
                .as("a retransmission that fits carries it")
                .isEqualTo(28 + 1000);
    }

    @Test
    void udpProxyV2PrefixesEveryDatagram() {
        Worker wk = worker(ForwardingMethod.FULLNAT, ClientAddressMode.PROXY_V2);
        long[] c = a(CLIENT);
        long[] v = a(VIP);
        for (int i = 0; i < 2; i++) {
            int n = w.begin(buf, 0, 4096)
                    .ethernet(MAC_C, MAC_CLIENT)
                    .ip(c[0], c[1], v[0], v[1])
                    .udp(40000, 53)
                    .payload(MemorySegment.ofArray(request(20)), 0, 20)
                    .finish();
            wk.process(buf, 0, n, IF_C, i);
            if (i == 0) {
                h.answerProbe(wk, IF_S, RS[0], rsMac(0), 0);
            }
            ParsedPacket d = take(IF_S);
            assertThat(d.protocol()).isEqualTo(IpProtocol.UDP);
            byte[] got = payload(d);
            assertThat(got).hasSize(48);
            assertThat(got[13]).as("AF_INET, DGRAM").isEqualTo((byte) 0x12);
            assertThat(ByteBuffer.wrap(got).getShort(24) & 0xFFFF).isEqualTo(40000);
        }
        assertThat(wk.counters().proxyHeaders).isEqualTo(2);

        // A first fragment (more fragments follow): no header can go into it; passed on, counted.
        int n = w.begin(buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .udp(40000, 53)
                .payload(MemorySegment.ofArray(request(20)), 0, 20)
                .finish();
        buf.set(ValueLayout.JAVA_BYTE, 14 + 6, (byte) 0x20);
        Checksums.fillIpv4Header(buf, 14);
        wk.process(buf, 0, n, IF_C, 3);
        // (Its transport checksum covers the whole datagram: the parse that verifies it refuses fragments.)
        assertThat(tx.ifs.removeFirst()).isEqualTo(IF_S);
        ByteBuffer sent = ByteBuffer.wrap(tx.frames.removeFirst());
        assertThat(sent.getShort(14 + 20 + 4) & 0xFFFF)
                .as("UDP length: no header added")
                .isEqualTo(8 + 20);
        assertThat(wk.counters().clientAddressFailed).isEqualTo(1);
        assertThat(wk.counters().proxyHeaders).isEqualTo(2);
    }

    @Test
    void carryingTheAddressAllocatesNothing() {
        // PROXY v2: the first data segment again and again, each one a retransmission sent with the
        // header. TOA: the handshake's ACK again and again, each one grown by the option.
        for (ClientAddressMode mode : new ClientAddressMode[] {ClientAddressMode.PROXY_V2, ClientAddressMode.TOA}) {
            Worker wk = worker(ForwardingMethod.FULLNAT, mode);
            handshake(wk, CLIENT, VIP, RS[0]);
            boolean proxy = mode == ClientAddressMode.PROXY_V2;
            if (proxy) {
                client(wk, CLIENT, VIP, 1001, 5001, ACK, new byte[0]);
                take(IF_S);
            }
            long[] c = a(CLIENT);
            long[] v = a(VIP);
            w.begin(buf, 0, 4096)
                    .ethernet(MAC_C, MAC_CLIENT)
                    .ip(c[0], c[1], v[0], v[1])
                    .tcp(40000, 80, 1001, 5001, proxy ? PSH_ACK : ACK, 65535);
            if (proxy) {
                w.payload(MemorySegment.ofArray(request(100)), 0, 100);
            }
            int n = w.finish();
            MemorySegment frame = Arena.ofAuto().allocate(n);
            TxSink sink = (ifIndex, seg, offset, length) -> true;
            wk.beginBatch(wk.snapshot(), sink, 2);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 2; round++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 300_000; i++) {
                    MemorySegment.copy(buf, 0, frame, 0, n);
                    wk.process(frame, 0, n, IF_C, 2);
                }
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                if (round == 1) {
                    assertThat(bytes)
                            .as("bytes allocated by 300k %s insertions", mode)
                            .isLessThan(16_384);
                }
            }
            assertThat(proxy ? wk.counters().proxyHeadersResent : wk.counters().toaAdded)
                    .isGreaterThan(599_000);
        }
    }
}
