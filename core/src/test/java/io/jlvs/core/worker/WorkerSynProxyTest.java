package io.jlvs.core.worker;

import static io.jlvs.core.worker.WorkerTest.CLIENT;
import static io.jlvs.core.worker.WorkerTest.IF_C;
import static io.jlvs.core.worker.WorkerTest.IF_S;
import static io.jlvs.core.worker.WorkerTest.LIP;
import static io.jlvs.core.worker.WorkerTest.MAC_C;
import static io.jlvs.core.worker.WorkerTest.MAC_CLIENT;
import static io.jlvs.core.worker.WorkerTest.MAC_S;
import static io.jlvs.core.worker.WorkerTest.RS;
import static io.jlvs.core.worker.WorkerTest.VIP;
import static io.jlvs.core.worker.WorkerTest.a;
import static io.jlvs.core.worker.WorkerTest.fragNeededFromClientRouter;
import static io.jlvs.core.worker.WorkerTest.rsMac;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.clientaddr.ProxyHeader;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.TcpOptions;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.synproxy.SynProxyCounters;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * SYNPROXY through the worker on synthetic frames: cookie SYN-ACK with no connection, the server's
 * handshake opened on a valid ACK with the client's options, the held data, the shifts of sequence
 * numbers, SACK edges, timestamps and windows both ways, refusal and silence of the server, the
 * defences, and zero allocation on every path. Outputs are parsed back with checksums verified.
 */
class WorkerSynProxyTest {
    static final int ISN = 1_000_000;
    static final int CLIENT_TS = 5000;
    static final int SERVER_ISN = 77_000;
    static final int SERVER_TS = 90_000;
    static final long[][] RS_ADDR = {a(RS[0]), a(RS[1]), a(RS[2])};
    static final long CLIENT_LO = a(CLIENT)[1];
    static final long VIP_LO = a(VIP)[1];

    /** The real server {@link #server} answers from. */
    int real;

    /** What the services pass on of the client's address (none unless a test says). */
    ClientAddressSpec spec = ClientAddressSpec.NONE;

    /** The SYN the server got in the last {@link #handshakeToServerAfterSynAck}. */
    ParsedPacket serverSyn;

    final WorkerTest t = new WorkerTest();
    final MemorySegment buf = Arena.ofAuto().allocate(4096);
    final FrameWriter w = new FrameWriter();

    Worker worker(ForwardingMethod method) {
        Snapshot s = WorkerTest.snapshot(method, "rr", true, spec);
        Worker wk = new Worker(
                0, 1, WorkerConfig.defaults().withConnCapacity(1 << 16).withSeed(7), s, 0);
        wk.beginBatch(s, t.tx, 0);
        return wk;
    }

    static final int[] NO_SACK = {};
    static final MemorySegment ZEROS = Arena.ofAuto().allocate(1500);
    static final long[] CLIENT_A = a(CLIENT);
    static final long[] VIP_A = a(VIP);
    static final long[] LIP_A = a(LIP);
    static final String LIP6 = "2001:db8:0:5::200";

    /** The family the test speaks: IPv4 unless {@link #ipv6()} switched it. */
    String client = CLIENT;

    String vip = VIP;
    String lip = LIP;
    String[] rs = RS;
    long[] clientA = CLIENT_A;
    long[] vipA = VIP_A;
    long[] lipA = LIP_A;
    long[][] rsA = RS_ADDR;

    /** Speaks IPv6 from here on: the snapshot's VIP6 service, RS6 servers and the IPv6 local address. */
    void ipv6() {
        client = WorkerTest.CLIENT6;
        vip = WorkerTest.VIP6;
        lip = LIP6;
        rs = WorkerTest.RS6;
        clientA = a(client);
        vipA = a(vip);
        lipA = a(lip);
        rsA = new long[][] {a(rs[0]), a(rs[1]), a(rs[2])};
    }

    /** A client segment to VIP:80 from CLIENT:cport with timestamps. */
    int client(Worker wk, int cport, int seq, int ack, int flags, int payload, int tsVal, int tsEcr, long now) {
        return client(wk, cport, seq, ack, flags, payload, tsVal, tsEcr, now, NO_SACK);
    }

    /** A client segment to VIP:80 from CLIENT:cport with timestamps and SACK blocks (edge pairs). */
    int client(
            Worker wk,
            int cport,
            int seq,
            int ack,
            int flags,
            int payload,
            int tsVal,
            int tsEcr,
            long now,
            int[] sack) {
        long[] c = clientA;
        long[] v = vipA;
        w.begin(buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(cport, 80, seq, ack, flags, 1000);
        if ((flags & TcpHeader.SYN) != 0) {
            w.mss(1460).sackPermitted().timestamps(tsVal, 0).nop().windowScale(7);
        } else {
            w.nop().nop().timestamps(tsVal, tsEcr);
            sackBlocks(sack);
        }
        if (payload > 0) {
            w.payload(ZEROS, 0, payload);
        }
        return wk.process(buf, 0, w.finish(), IF_C, now);
    }

    /** A real server's segment to {@code to}:{@code dport}, with timestamps (window scale on a SYN). */
    int server(
            Worker wk,
            String to,
            int dport,
            int seq,
            int ack,
            int flags,
            int window,
            int payload,
            int tsVal,
            int tsEcr,
            long now) {
        // Not varargs: the zero-allocation test sends through here.
        return server(wk, to, dport, seq, ack, flags, window, payload, tsVal, tsEcr, now, NO_SACK);
    }

    /** As above, with SACK blocks (edge pairs) after the timestamps. */
    int server(
            Worker wk,
            String to,
            int dport,
            int seq,
            int ack,
            int flags,
            int window,
            int payload,
            int tsVal,
            int tsEcr,
            long now,
            int[] sack) {
        long[] r = rsA[real];
        long[] d = to.equals(lip) ? lipA : clientA;
        w.begin(buf, 0, 4096)
                .ethernet(MAC_S, rsMac(real))
                .ip(r[0], r[1], d[0], d[1])
                .tcp(80, dport, seq, ack, flags, window);
        if ((flags & TcpHeader.SYN) != 0) {
            w.mss(1460).sackPermitted().timestamps(tsVal, tsEcr).nop().windowScale(9);
        } else {
            w.nop().nop().timestamps(tsVal, tsEcr);
            sackBlocks(sack);
        }
        if (payload > 0) {
            w.payload(ZEROS, 0, payload);
        }
        return wk.process(buf, 0, w.finish(), IF_S, now);
    }

    /**
     * The server's SYN-ACK to the director's SYN (ISN {@link #SERVER_ISN}, timestamps, scale 9): it
     * completes the proxied handshake; returns the ACK the director sent the server in the client's
     * name, checked to acknowledge it from where the client's stream starts.
     */
    ParsedPacket serverSynAck(Worker wk, String replyTo, int dport, int serverSeesIsn) {
        assertThat(server(
                        wk,
                        replyTo,
                        dport,
                        SERVER_ISN,
                        serverSeesIsn + 1,
                        TcpHeader.SYN | TcpHeader.ACK,
                        65535,
                        0,
                        SERVER_TS,
                        CLIENT_TS + 1,
                        3))
                .isEqualTo(Verdict.REPLIED);
        ParsedPacket ack = t.tx.take(IF_S);
        assertThat(ack.tcpFlags() & (TcpHeader.SYN | TcpHeader.ACK | TcpHeader.RST | TcpHeader.FIN))
                .isEqualTo(TcpHeader.ACK);
        assertThat(ack.payloadLength()).isZero();
        assertThat(ack.seq()).isEqualTo(serverSeesIsn + 1);
        assertThat(ack.ack()).isEqualTo(SERVER_ISN + 1);
        return ack;
    }

    /** Writes SACK blocks (edge pairs) into the segment being built; none for an empty array. */
    void sackBlocks(int[] sack) {
        if (sack.length > 0) {
            w.nop().nop().sack(sack.length / 2);
            for (int i = 0; i < sack.length; i += 2) {
                w.sackBlock(sack[i], sack[i + 1]);
            }
        }
    }

    static int[] timestamps(ParsedPacket p) {
        TcpOptions o = p.tcpOptions();
        for (int k = o.next(); k >= 0; k = o.next()) {
            if (k == TcpOptions.TIMESTAMPS) {
                return new int[] {o.tsVal(), o.tsEcr()};
            }
        }
        return null;
    }

    static int option(ParsedPacket p, int kind) {
        TcpOptions o = p.tcpOptions();
        for (int k = o.next(); k >= 0; k = o.next()) {
            if (k == kind) {
                return switch (kind) {
                    case TcpOptions.MSS -> o.mss();
                    case TcpOptions.WINDOW_SCALE -> o.windowScale();
                    default -> 1;
                };
            }
        }
        return -1;
    }

    /** The proxied handshake up to the server's SYN: returns {cookie, ourTsVal}; the SYN is taken. */
    int[] handshakeToServer(Worker wk, int cport, ForwardingMethod method, long now) {
        assertThat(client(wk, cport, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, now))
                .isEqualTo(Verdict.REPLIED);
        ParsedPacket synAck = t.tx.take(IF_C);
        assertThat(wk.connections().size()).as("no connection for a SYN").isZero();
        int cookie = synAck.seq();
        int ourTs = timestamps(synAck)[0];
        assertThat(client(wk, cport, ISN + 1, cookie + 1, TcpHeader.ACK, 100, CLIENT_TS + 1, ourTs, now + 1))
                .isEqualTo(Verdict.REPLIED);
        if (!t.tx.frames.isEmpty() && t.tx.ifs.get(0) == IF_S) {
            ParsedPacket maybeProbe = WorkerTest.parse(t.tx.frames.get(0));
            if (maybeProbe.ipVersion() == 0) {
                t.answerProbe(wk, IF_S, RS[0], rsMac(0), now + 1);
            }
        }
        ParsedPacket syn = t.tx.take(IF_S);
        assertThat(syn.tcpFlags()).isEqualTo(TcpHeader.SYN);
        assertThat(InetAddr.format(syn.dstHi(), syn.dstLo())).isEqualTo(RS[0]);
        assertThat(InetAddr.format(syn.srcHi(), syn.srcLo()))
                .isEqualTo(method == ForwardingMethod.FULLNAT ? LIP : CLIENT);
        assertThat(option(syn, TcpOptions.MSS)).isEqualTo(1440); // the client's 1460 under synproxy_init_mss 1452
        assertThat(option(syn, TcpOptions.WINDOW_SCALE)).isEqualTo(7);
        assertThat(option(syn, TcpOptions.SACK_PERMITTED)).isEqualTo(1);
        assertThat(timestamps(syn)).containsExactly(CLIENT_TS + 1, 0);
        return new int[] {cookie, ourTs, syn.seq(), syn.srcPort()};
    }

    @Test
    void natHandshakeIsProxiedAndTheServersSpaceIsShiftedForTheConnectionsLife() {
        proxiedConnection(ForwardingMethod.MASQ);
    }

    @Test
    void fullNatHandshakeIsProxiedAndBothShiftsCompose() {
        proxiedConnection(ForwardingMethod.FULLNAT);
    }

    @Test
    void ipv6NatHandshakeIsProxiedAndShifted() {
        ipv6();
        proxiedConnection(ForwardingMethod.MASQ);
    }

    @Test
    void ipv6FullNatHandshakeIsProxiedAndShifted() {
        ipv6();
        proxiedConnection(ForwardingMethod.FULLNAT);
    }

    private void proxiedConnection(ForwardingMethod method) {
        Worker wk = worker(method);
        // The SYN-ACK: from the VIP, straight back to the client's MAC, cookie options.
        assertThat(client(wk, 40000, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0)).isEqualTo(Verdict.REPLIED);
        ParsedPacket synAck = t.tx.take(IF_C);
        assertThat(synAck.dstMac()).isEqualTo(MAC_CLIENT);
        assertThat(synAck.srcMac()).isEqualTo(MAC_C);
        assertThat(InetAddr.format(synAck.srcHi(), synAck.srcLo())).isEqualTo(vip);
        assertThat(synAck.tcpFlags()).isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(synAck.ack()).isEqualTo(ISN + 1);
        assertThat(synAck.hopLimit()).isEqualTo(63);
        assertThat(option(synAck, TcpOptions.MSS)).isEqualTo(1440);
        assertThat(option(synAck, TcpOptions.WINDOW_SCALE)).isEqualTo(7);
        assertThat(option(synAck, TcpOptions.SACK_PERMITTED)).isEqualTo(1);
        assertThat(timestamps(synAck)[1]).isEqualTo(CLIENT_TS);
        assertThat(wk.connections().size()).isZero();

        // A forged ACK (wrong cookie) is dropped, unanswered.
        int cookie = synAck.seq();
        assertThat(client(wk, 40000, ISN + 1, (cookie ^ 0x1000) + 1, TcpHeader.ACK, 0, CLIENT_TS, 0, 1))
                .isEqualTo(Verdict.DROPPED);
        assertThat(t.tx.frames).isEmpty();
        assertThat(wk.connections().size()).isZero();
        t.tx.frames.clear();

        int[] hs = handshakeToServerAfterSynAck(wk, cookie, timestamps(synAck)[0], method);
        int ourTs = hs[1];
        int serverSeesIsn = hs[2];
        int lport = hs[3];
        String replyTo = method == ForwardingMethod.FULLNAT ? lip : client;
        int dport = method == ForwardingMethod.FULLNAT ? lport : 40000;

        // The server's SYN-ACK completes its handshake: our ACK, then the held 100 bytes.
        ParsedPacket ack = serverSynAck(wk, replyTo, dport, serverSeesIsn);
        assertThat(ack.tcpFlags()).isEqualTo(TcpHeader.ACK);
        assertThat(timestamps(ack)).containsExactly(CLIENT_TS + 1, SERVER_TS);
        ParsedPacket held = t.tx.take(IF_S);
        assertThat(held.payloadLength()).isEqualTo(100);
        assertThat(held.seq()).isEqualTo(serverSeesIsn + 1);
        assertThat(held.ack()).isEqualTo(SERVER_ISN + 1);
        assertThat(timestamps(held)[1]).isEqualTo(SERVER_TS);
        assertThat(t.tx.frames).isEmpty();

        // Server → client: sequence into cookie space, TSval onto our clock, window 9 → 7 scale.
        assertThat(server(
                        wk,
                        replyTo,
                        dport,
                        SERVER_ISN + 1,
                        serverSeesIsn + 101,
                        TcpHeader.ACK,
                        100,
                        200,
                        SERVER_TS + 3,
                        CLIENT_TS + 1,
                        4))
                .isIn(Verdict.QUEUED, Verdict.FORWARDED);
        if (t.tx.ifs.get(0) == IF_C && WorkerTest.parse(t.tx.frames.get(0)).protocol() != IpProtocol.TCP) {
            t.answerProbe(wk, IF_C, client, MAC_CLIENT, 4); // the client's MAC by ARP or NDP first
        }
        ParsedPacket data = t.tx.take(IF_C);
        assertThat(data.seq()).isEqualTo(cookie + 1);
        assertThat(data.ack()).isEqualTo(ISN + 101);
        assertThat(data.dstPort()).isEqualTo(40000);
        assertThat(timestamps(data)).containsExactly(ourTs + 3, CLIENT_TS + 1);
        assertThat(data.window()).isEqualTo(400);

        // Client → server: ack and SACK edges back into the server's space, TSecr onto its clock.
        assertThat(client(wk, 40000, ISN + 101, cookie + 201, TcpHeader.ACK, 0, CLIENT_TS + 2, ourTs + 3, 5, new int[] {
                    cookie + 301, cookie + 401
                }))
                .isEqualTo(Verdict.FORWARDED);
        ParsedPacket sackAck = t.tx.take(IF_S);
        assertThat(sackAck.ack()).isEqualTo(SERVER_ISN + 201);
        assertThat(timestamps(sackAck)[1]).isEqualTo(SERVER_TS + 3);
        TcpOptions o = sackAck.tcpOptions();
        int k = o.next();
        while (k != TcpOptions.SACK) {
            k = o.next();
        }
        assertThat(o.sackLeft(0)).isEqualTo(SERVER_ISN + 301);
        assertThat(o.sackRight(0)).isEqualTo(SERVER_ISN + 401);

        SynProxyCounters c = wk.counters().synProxy;
        assertThat(c.cookiesSent).isEqualTo(1);
        assertThat(c.cookiesValid).isEqualTo(1);
        assertThat(c.cookiesInvalid).isEqualTo(1);
        assertThat(c.handshakesCompleted).isEqualTo(1);
        assertThat(wk.connections().size()).isEqualTo(1);
    }

    private int[] handshakeToServerAfterSynAck(Worker wk, int cookie, int ourTs, ForwardingMethod method) {
        assertThat(client(wk, 40000, ISN + 1, cookie + 1, TcpHeader.ACK, 100, CLIENT_TS + 1, ourTs, 2))
                .isEqualTo(Verdict.REPLIED);
        t.answerProbe(wk, IF_S, rs[0], rsMac(0), 2);
        ParsedPacket syn = t.tx.take(IF_S);
        serverSyn = syn;
        assertThat(syn.tcpFlags()).isEqualTo(TcpHeader.SYN);
        assertThat(InetAddr.format(syn.dstHi(), syn.dstLo())).isEqualTo(rs[0]);
        assertThat(InetAddr.format(syn.srcHi(), syn.srcLo()))
                .isEqualTo(method == ForwardingMethod.FULLNAT ? lip : client);
        assertThat(option(syn, TcpOptions.MSS)).isEqualTo(1440);
        assertThat(option(syn, TcpOptions.WINDOW_SCALE)).isEqualTo(7);
        assertThat(option(syn, TcpOptions.SACK_PERMITTED)).isEqualTo(1);
        assertThat(timestamps(syn)).containsExactly(CLIENT_TS + 1, 0);
        if (method != ForwardingMethod.FULLNAT) {
            assertThat(syn.seq()).isEqualTo(ISN);
        }
        assertThat(wk.connections().size()).isEqualTo(1);
        return new int[] {cookie, ourTs, syn.seq(), syn.srcPort()};
    }

    @Test
    void aRefusingServerGetsTheClientReset() {
        Worker wk = worker(ForwardingMethod.MASQ);
        assertThat(client(wk, 40001, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0)).isEqualTo(Verdict.REPLIED);
        ParsedPacket synAck = t.tx.take(IF_C);
        int cookie = synAck.seq();
        assertThat(client(wk, 40001, ISN + 1, cookie + 1, TcpHeader.ACK, 0, CLIENT_TS, timestamps(synAck)[0], 1))
                .isEqualTo(Verdict.REPLIED);
        t.answerProbe(wk, IF_S, RS[0], rsMac(0), 1);
        t.tx.take(IF_S);
        server(wk, CLIENT, 40001, 0, ISN + 1, TcpHeader.RST | TcpHeader.ACK, 0, 0, 0, 0, 2);
        t.answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 2);
        ParsedPacket rst = t.tx.take(IF_C);
        assertThat(rst.tcpFlags() & TcpHeader.RST).isNotZero();
        assertThat(rst.seq()).isEqualTo(cookie + 1);
        assertThat(InetAddr.format(rst.srcHi(), rst.srcLo())).isEqualTo(VIP);
        assertThat(wk.connections().size()).isZero();
        assertThat(wk.counters().synProxy.serverFailures).isEqualTo(1);
    }

    @Test
    void aSilentServerGetsItsSynAgainThenTheClientIsReset() {
        Worker wk = worker(ForwardingMethod.MASQ);
        client(wk, 40002, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0);
        ParsedPacket synAck = t.tx.take(IF_C);
        client(wk, 40002, ISN + 1, synAck.seq() + 1, TcpHeader.ACK, 0, CLIENT_TS, timestamps(synAck)[0], 0);
        t.answerProbe(wk, IF_S, RS[0], rsMac(0), 0);
        t.tx.take(IF_S);
        long now = 0;
        for (int retry = 1; retry <= 3; retry++) {
            now += 1000L << (retry - 1);
            wk.beginBatch(wk.snapshot(), t.tx, now);
            ParsedPacket again = t.tx.take(IF_S);
            assertThat(again.tcpFlags()).isEqualTo(TcpHeader.SYN);
            assertThat(again.seq()).isEqualTo(ISN);
        }
        now += 8000;
        wk.beginBatch(wk.snapshot(), t.tx, now);
        t.answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, now);
        ParsedPacket rst = t.tx.take(IF_C);
        assertThat(rst.tcpFlags() & TcpHeader.RST).isNotZero();
        assertThat(rst.seq()).isEqualTo(synAck.seq() + 1);
        assertThat(wk.connections().size()).isZero();
        assertThat(wk.counters().synProxy.serverSynRetries).isEqualTo(3);
        assertThat(wk.counters().synProxy.serverFailures).isEqualTo(1);
    }

    @Test
    void strayResetsAndIdenticalServerAcksBeyondTheStormBoundAreDropped() {
        Worker wk = worker(ForwardingMethod.MASQ);
        assertThat(client(wk, 40003, ISN, 0, TcpHeader.RST, 0, 0, 0, 0)).isEqualTo(Verdict.DROPPED);
        assertThat(wk.counters().synProxy.strayResets).isEqualTo(1);
        assertThat(t.tx.frames).isEmpty();

        established(wk, 40003);
        server(wk, CLIENT, 40003, SERVER_ISN + 1, ISN + 1, TcpHeader.ACK, 100, 0, SERVER_TS, CLIENT_TS, 2);
        t.answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 2);
        int forwarded = 1;
        for (int i = 1; i < 15; i++) {
            int v = server(wk, CLIENT, 40003, SERVER_ISN + 1, ISN + 1, TcpHeader.ACK, 100, 0, SERVER_TS, CLIENT_TS, 2);
            if (v != Verdict.DROPPED) {
                forwarded++;
            }
        }
        assertThat(forwarded).isEqualTo(10);
        assertThat(wk.counters().synProxy.ackStormDrops).isEqualTo(5);
    }

    /**
     * A NAT connection from CLIENT:cport through the proxied handshake with RS[0] (resolved on the
     * way), every frame sent taken; returns the cookie.
     */
    private int established(Worker wk, int cport) {
        client(wk, cport, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0);
        ParsedPacket synAck = t.tx.take(IF_C);
        int cookie = synAck.seq();
        client(wk, cport, ISN + 1, cookie + 1, TcpHeader.ACK, 0, CLIENT_TS, timestamps(synAck)[0], 0);
        t.answerProbe(wk, IF_S, RS[0], rsMac(0), 0);
        t.tx.take(IF_S);
        server(
                wk,
                CLIENT,
                cport,
                SERVER_ISN,
                ISN + 1,
                TcpHeader.SYN | TcpHeader.ACK,
                65535,
                0,
                SERVER_TS,
                CLIENT_TS,
                1);
        t.tx.take(IF_S); // our ACK in the client's name
        return cookie;
    }

    /**
     * Connection reuse (alibaba's synproxy_conn_reuse): after a reset, the client's next SYN from the
     * same port gets a cookie, not a trip to the server inside the dead connection, and its ACK opens
     * a connection afresh with a handshake of its own.
     */
    @Test
    void aSynOnAResetProxiedConnectionGetsACookieAndItsAckOpensAfresh() {
        Worker wk = worker(ForwardingMethod.MASQ);
        int cookie = established(wk, 40005);
        assertThat(client(wk, 40005, ISN + 1, cookie + 1, TcpHeader.RST | TcpHeader.ACK, 0, CLIENT_TS, 0, 2))
                .isEqualTo(Verdict.FORWARDED);
        t.tx.take(IF_S);
        long reusedBefore = wk.counters().reusedConnections;

        int isn2 = ISN + 500_000;
        assertThat(client(wk, 40005, isn2, 0, TcpHeader.SYN, 0, CLIENT_TS + 10, 0, 3))
                .isEqualTo(Verdict.REPLIED);
        ParsedPacket synAck = t.tx.take(IF_C);
        assertThat(synAck.tcpFlags()).isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(synAck.ack()).isEqualTo(isn2 + 1);
        assertThat(t.tx.frames).as("nothing to the server for the SYN").isEmpty();
        assertThat(wk.counters().reusedConnections).isEqualTo(reusedBefore + 1);

        assertThat(client(
                        wk,
                        40005,
                        isn2 + 1,
                        synAck.seq() + 1,
                        TcpHeader.ACK,
                        0,
                        CLIENT_TS + 11,
                        timestamps(synAck)[0],
                        4))
                .isEqualTo(Verdict.REPLIED);
        t.answerProbe(wk, IF_S, RS[1], rsMac(1), 4); // round robin: the next server, not yet resolved
        ParsedPacket syn = t.tx.take(IF_S);
        assertThat(syn.tcpFlags()).isEqualTo(TcpHeader.SYN);
        assertThat(syn.seq()).isEqualTo(isn2);
        assertThat(wk.connections().size()).isEqualTo(1);
        assertThat(wk.counters().synProxy.handshakesCompleted)
                .isEqualTo(1); // the first one; the second awaits its server
    }

    @Test
    void anIcmpErrorQuotingTheServersSegmentReachesItInTheServersSpace() {
        Worker wk = worker(ForwardingMethod.MASQ);
        int cookie = established(wk, 40004);
        // A router on the client side could not pass the server's segment as the client would get it.
        MemorySegment orig = Arena.ofAuto().allocate(256);
        int olen = w.begin(orig, 0, 256)
                .ethernet(MAC_CLIENT, MAC_C)
                .ip(VIP_A[0], VIP_A[1], CLIENT_A[0], CLIENT_A[1])
                .tcp(80, 40004, cookie + 1, ISN + 1, TcpHeader.ACK, 1000)
                .payload(ZEROS, 0, 100)
                .finish();
        int n = fragNeededFromClientRouter(w, buf, VIP_A, orig, olen);
        assertThat(wk.process(buf, 0, n, IF_C, 2)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket inner = new ParsedPacket();
        ParsedPacket out = t.tx.take(IF_S);
        assertThat(io.jlvs.core.packet.PacketParser.parseQuoted(out, inner))
                .isEqualTo(io.jlvs.core.packet.ParseResult.OK);
        assertThat(inner.seq()).isEqualTo(SERVER_ISN + 1);
    }

    // ---------------------------------------------------------------- with the client address

    @Test
    void proxyV2UnderFullNatRidesTheFirstHeldSegmentAndBothShiftsCompose() {
        proxyHeaderThroughSynProxy(ForwardingMethod.FULLNAT);
    }

    @Test
    void proxyV2UnderNatRidesTheFirstHeldSegmentAndBothShiftsCompose() {
        proxyHeaderThroughSynProxy(ForwardingMethod.MASQ);
    }

    @Test
    void ipv6ProxyV2UnderFullNatRidesTheFirstHeldSegmentAndBothShiftsCompose() {
        ipv6();
        proxyHeaderThroughSynProxy(ForwardingMethod.FULLNAT);
    }

    /**
     * SYNPROXY with a PROXY v2 header (issue 9): the header goes in front of the first client data
     * the director releases after the server's SYN-ACK, and again with that data's retransmission.
     * Two shifts meet here, one per direction: client → server (FULLNAT's ISN, then the header's
     * length: the connection's sequence delta) and server → client (the cookie: SYNPROXY's). Each
     * field is checked against both: sequence numbers and acknowledgements, SACK edges either way,
     * timestamps.
     */
    private void proxyHeaderThroughSynProxy(ForwardingMethod method) {
        spec = ClientAddressSpec.of(ClientAddressMode.PROXY_V2);
        Worker wk = worker(method);
        boolean v6 = !client.equals(CLIENT);
        int n = v6 ? ProxyHeader.V2_V6_LENGTH : ProxyHeader.V2_V4_LENGTH;
        assertThat(client(wk, 40000, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0)).isEqualTo(Verdict.REPLIED);
        ParsedPacket synAck = t.tx.take(IF_C);
        assertThat(option(synAck, TcpOptions.MSS))
                .as("the client is offered room for the header")
                .isEqualTo(1440 - n);
        int cookie = synAck.seq();
        int ourTs = timestamps(synAck)[0];
        int[] hs = handshakeToServerAfterSynAck(wk, cookie, ourTs, method);
        int serverSeesIsn = hs[2];
        int dport = method == ForwardingMethod.FULLNAT ? hs[3] : 40000;
        String replyTo = method == ForwardingMethod.FULLNAT ? lip : client;

        // The server's SYN-ACK: our ACK (no data, so no header), then the held 100 bytes behind it.
        serverSynAck(wk, replyTo, dport, serverSeesIsn);
        ParsedPacket first = t.tx.take(IF_S);
        assertThat(first.payloadLength()).isEqualTo(n + 100);
        assertThat(first.seq()).isEqualTo(serverSeesIsn + 1);
        assertThat(first.ack()).isEqualTo(SERVER_ISN + 1);
        assertProxyV2(first, 40000);

        // Lost on its way: the client sends its first data again, and the header goes again with it.
        assertThat(client(wk, 40000, ISN + 1, cookie + 1, TcpHeader.ACK, 100, CLIENT_TS + 2, ourTs, 4))
                .isEqualTo(Verdict.FORWARDED);
        ParsedPacket again = t.tx.take(IF_S);
        assertThat(again.payloadLength()).isEqualTo(n + 100);
        assertThat(again.seq()).isEqualTo(serverSeesIsn + 1);
        assertThat(again.ack()).isEqualTo(SERVER_ISN + 1);
        assertProxyV2(again, 40000);
        assertThat(wk.counters().proxyHeadersResent).isEqualTo(1);

        // The next data sits behind the header in the server's stream.
        assertThat(client(wk, 40000, ISN + 101, cookie + 1, TcpHeader.ACK, 50, CLIENT_TS + 3, ourTs, 4))
                .isEqualTo(Verdict.FORWARDED);
        ParsedPacket next = t.tx.take(IF_S);
        assertThat(next.seq()).isEqualTo(serverSeesIsn + 1 + n + 100);
        assertThat(next.payloadLength()).isEqualTo(50);

        // The server: 200 bytes of its own, the first segment acknowledged, the next one SACKed.
        // Its sequence number moves into cookie space; its acknowledgement and SACK edges back
        // into the client's, past the header.
        int sStart = serverSeesIsn + 1 + n;
        assertThat(server(
                        wk,
                        replyTo,
                        dport,
                        SERVER_ISN + 1,
                        sStart + 100,
                        TcpHeader.ACK,
                        100,
                        200,
                        SERVER_TS + 3,
                        CLIENT_TS + 3,
                        5,
                        new int[] {sStart + 100, sStart + 150}))
                .isIn(Verdict.QUEUED, Verdict.FORWARDED);
        if (t.tx.ifs.get(0) == IF_C && WorkerTest.parse(t.tx.frames.get(0)).protocol() != IpProtocol.TCP) {
            t.answerProbe(wk, IF_C, client, MAC_CLIENT, 5);
        }
        ParsedPacket data = t.tx.take(IF_C);
        assertThat(data.seq()).isEqualTo(cookie + 1);
        assertThat(data.ack()).isEqualTo(ISN + 101);
        assertThat(sack(data)).containsExactly(ISN + 101, ISN + 151);
        assertThat(timestamps(data)).containsExactly(ourTs + 3, CLIENT_TS + 3);

        // The client: the server's data acknowledged, a later part SACKed; into the server's space.
        assertThat(client(wk, 40000, ISN + 151, cookie + 201, TcpHeader.ACK, 0, CLIENT_TS + 4, ourTs + 3, 6, new int[] {
                    cookie + 301, cookie + 401
                }))
                .isEqualTo(Verdict.FORWARDED);
        ParsedPacket clientAck = t.tx.take(IF_S);
        assertThat(clientAck.seq()).isEqualTo(sStart + 150);
        assertThat(clientAck.ack()).isEqualTo(SERVER_ISN + 201);
        assertThat(sack(clientAck)).containsExactly(SERVER_ISN + 301, SERVER_ISN + 401);
        assertThat(timestamps(clientAck)[1]).isEqualTo(SERVER_TS + 3);

        assertThat(wk.counters().proxyHeaders).isEqualTo(2);
        assertThat(wk.counters().clientAddressFailed).isZero();
        assertThat(wk.counters().synProxy.handshakesCompleted).isEqualTo(1);
    }

    /** The PROXY v2 header at the start of {@code p}'s payload names the client and the VIP:80. */
    void assertProxyV2(ParsedPacket p, int cport) {
        boolean v6 = !client.equals(CLIENT);
        int n = v6 ? ProxyHeader.V2_V6_LENGTH : ProxyHeader.V2_V4_LENGTH;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(
                p.segment().asSlice(p.payloadOffset(), n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        byte[] signature = new byte[12];
        b.get(signature);
        assertThat(signature).isEqualTo(new byte[] {13, 10, 13, 10, 0, 13, 10, 'Q', 'U', 'I', 'T', 10});
        assertThat(b.get()).isEqualTo((byte) 0x21);
        assertThat(b.get()).isEqualTo((byte) (v6 ? 0x21 : 0x11));
        assertThat(b.getShort()).isEqualTo((short) (v6 ? 36 : 12));
        byte[] src = new byte[v6 ? 16 : 4];
        byte[] dst = new byte[v6 ? 16 : 4];
        b.get(src).get(dst);
        assertThat(src).isEqualTo(addressBytes(client));
        assertThat(dst).isEqualTo(addressBytes(vip));
        assertThat(b.getShort() & 0xFFFF).isEqualTo(cport);
        assertThat(b.getShort() & 0xFFFF).isEqualTo(80);
    }

    static byte[] addressBytes(String address) {
        try {
            return java.net.InetAddress.getByName(address).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The edges of {@code p}'s SACK blocks, left and right in turn; empty without SACK. */
    static int[] sack(ParsedPacket p) {
        TcpOptions o = p.tcpOptions();
        for (int k = o.next(); k >= 0; k = o.next()) {
            if (k == TcpOptions.SACK) {
                int[] edges = new int[2 * o.sackBlockCount()];
                for (int i = 0; i < o.sackBlockCount(); i++) {
                    edges[2 * i] = o.sackLeft(i);
                    edges[2 * i + 1] = o.sackRight(i);
                }
                return edges;
            }
        }
        return new int[0];
    }

    @Test
    void toaRidesOnTheAckThatCompletesTheServersHandshake() {
        toaThroughSynProxy(false);
    }

    @Test
    void toaInTheSynGoesOnTheSynToTheServerToo() {
        toaThroughSynProxy(true);
    }

    @Test
    void ipv6ToaRidesOnTheAckThatCompletesTheServersHandshake() {
        ipv6();
        toaThroughSynProxy(false);
    }

    /**
     * SYNPROXY with TOA under FULLNAT (alibaba: the option goes on the client packets whose
     * acknowledgement is the server's ISN + 1, so on the stored ACKs sent after the server's
     * SYN-ACK): the first segment the director sends the server after its own SYN, the ACK that
     * creates the server's socket, carries the client's port and address; so does the held data
     * behind it; once the server acknowledges data, no more. In the SYN only where the service asks.
     */
    private void toaThroughSynProxy(boolean inSyn) {
        spec = new ClientAddressSpec(ClientAddressMode.TOA, inSyn, 253);
        Worker wk = worker(ForwardingMethod.FULLNAT);
        boolean v6 = !client.equals(CLIENT);
        byte[] addr = addressBytes(client);
        byte[] expected = new byte[v6 ? 20 : 8];
        expected[0] = (byte) (v6 ? 253 : 254);
        expected[1] = (byte) expected.length;
        expected[2] = (byte) (40000 >>> 8);
        expected[3] = (byte) 40000;
        System.arraycopy(addr, 0, expected, 4, addr.length);

        assertThat(client(wk, 40000, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0)).isEqualTo(Verdict.REPLIED);
        ParsedPacket synAck = t.tx.take(IF_C);
        assertThat(option(synAck, TcpOptions.MSS)).isEqualTo(1440 - expected.length);
        int cookie = synAck.seq();
        int[] hs = handshakeToServerAfterSynAck(wk, cookie, timestamps(synAck)[0], ForwardingMethod.FULLNAT);
        if (inSyn) {
            assertThat(toa(serverSyn)).isEqualTo(expected);
        } else {
            assertThat(toa(serverSyn)).isNull();
        }
        int serverSeesIsn = hs[2];
        ParsedPacket ack = serverSynAck(wk, lip, hs[3], serverSeesIsn);
        assertThat(toa(ack)).as("the ACK completing the server's handshake").isEqualTo(expected);
        assertThat(timestamps(ack)).containsExactly(CLIENT_TS + 1, SERVER_TS);
        ParsedPacket held = t.tx.take(IF_S);
        assertThat(held.payloadLength()).isEqualTo(100);
        assertThat(toa(held)).isEqualTo(expected);

        // The server has the client's data: later segments go without.
        server(wk, lip, hs[3], SERVER_ISN + 1, serverSeesIsn + 101, TcpHeader.ACK, 100, 0, SERVER_TS, CLIENT_TS, 4);
        t.tx.frames.clear();
        t.tx.ifs.clear();
        assertThat(client(wk, 40000, ISN + 101, cookie + 1, TcpHeader.ACK, 10, CLIENT_TS + 2, 0, 5))
                .isEqualTo(Verdict.FORWARDED);
        assertThat(toa(t.tx.take(IF_S))).isNull();
        assertThat(wk.counters().toaAdded).isEqualTo(inSyn ? 3 : 2);
    }

    /** The TOA option's bytes in {@code p}'s TCP header (kind 254 or 253), or null. */
    static byte[] toa(ParsedPacket p) {
        MemorySegment seg = p.segment();
        long at = p.l4Offset() + TcpHeader.MIN_LENGTH;
        long end = p.l4Offset() + p.tcpHeaderLength();
        while (at < end) {
            int kind = seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at) & 0xFF;
            if (kind == 0) { // end of the option list
                return null;
            }
            if (kind == TcpOptions.NOP) {
                at++;
                continue;
            }
            int len = seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + 1) & 0xFF;
            if (kind == 254 || kind == 253) {
                return seg.asSlice(at, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            }
            if (len < 2) {
                return null;
            }
            at += len;
        }
        return null;
    }

    /** Keeps the last frame sent to the client side, without allocating. */
    static final class LastFrame implements TxSink {
        final MemorySegment last = Arena.ofAuto().allocate(2048);
        final ParsedPacket parsed = new ParsedPacket();
        int length;
        long sent;

        @Override
        public boolean send(int ifIndex, MemorySegment frame, long offset, int len) {
            sent++;
            if (ifIndex == IF_C) {
                MemorySegment.copy(frame, offset, last, 0, len);
                length = len;
            }
            return true;
        }

        int seq() {
            io.jlvs.core.packet.PacketParser.parse(last, 0, length, parsed);
            return parsed.seq();
        }
    }

    @Test
    void cookiesAndProxiedHandshakesAllocateNothing() {
        proxiedHandshakesAllocateNothing(0);
    }

    /** As above with a PROXY v2 header in front of each connection's first data (NAT). */
    @Test
    void proxiedHandshakesCarryingProxyHeadersAllocateNothing() {
        spec = ClientAddressSpec.of(ClientAddressMode.PROXY_V2);
        proxiedHandshakesAllocateNothing(ProxyHeader.V2_V4_LENGTH);
    }

    /** Bytes in front of each connection's data, on the server's side of the stream. */
    int header;

    private void proxiedHandshakesAllocateNothing(int headerLength) {
        header = headerLength;
        Worker wk = worker(ForwardingMethod.MASQ);
        // Resolve both neighbours once.
        handshakeToServer(wk, 30000, ForwardingMethod.MASQ, 0);
        server(
                wk,
                CLIENT,
                30000,
                SERVER_ISN,
                ISN + 1,
                TcpHeader.SYN | TcpHeader.ACK,
                65535,
                0,
                SERVER_TS,
                CLIENT_TS + 1,
                0);
        t.tx.frames.clear();
        t.tx.ifs.clear();
        server(wk, CLIENT, 30000, SERVER_ISN + 1, ISN + 101, TcpHeader.ACK, 100, 10, SERVER_TS, CLIENT_TS + 1, 0);
        t.answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 0);
        t.tx.frames.clear();
        t.tx.ifs.clear();
        for (int k = 1; k < 3; k++) {
            client(wk, 30000 + k, ISN, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, 0);
            ParsedPacket synAck = t.tx.take(IF_C);
            client(wk, 30000 + k, ISN + 1, synAck.seq() + 1, TcpHeader.ACK, 0, CLIENT_TS, timestamps(synAck)[0], 0);
            t.answerProbe(wk, IF_S, RS[k], rsMac(k), 0);
            t.tx.take(IF_S);
        }
        t.tx.frames.clear();
        t.tx.ifs.clear();

        LastFrame sink = new LastFrame();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long now = 10;
        for (int i = 0; i < 50_000; i++) {
            now = cycle(wk, sink, i, now);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 50_000; i < 350_000; i++) {
            now = cycle(wk, sink, i, now);
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(wk.counters().synProxy.handshakesCompleted).isGreaterThan(300_000);
        assertThat(wk.counters().proxyHeaders)
                .isEqualTo(headerLength == 0 ? 0 : wk.counters().synProxy.handshakesCompleted);
        assertThat(bytes)
                .as("bytes allocated by 300k SYN, cookie ACK, server SYN-ACK, data both ways")
                .isLessThan(16_384);
    }

    /** SYN → cookie, valid ACK with data → server SYN, SYN-ACK → ACK + data, one data segment each way. */
    private long cycle(Worker wk, LastFrame sink, int i, long now) {
        if (i % 20_000 == 0) {
            now += 400_000; // the previous wave expires
        }
        wk.beginBatch(wk.snapshot(), sink, now);
        int cport = 1024 + (i % 60_000);
        int isn = i * 7919;
        client(wk, cport, isn, 0, TcpHeader.SYN, 0, CLIENT_TS, 0, now);
        int cookie = sink.seq();
        int ourTs = ourTs(sink);
        client(wk, cport, isn + 1, cookie + 1, TcpHeader.ACK, 64, CLIENT_TS + 1, ourTs, now);
        int id = wk.connections().lookupIn(6, 0, CLIENT_LO, cport, 0, VIP_LO, 80);
        real = 0;
        while (RS_ADDR[real][1] != wk.connections().realLo(id)) {
            real++;
        }
        server(
                wk,
                CLIENT,
                cport,
                SERVER_ISN,
                isn + 1,
                TcpHeader.SYN | TcpHeader.ACK,
                65535,
                0,
                SERVER_TS,
                CLIENT_TS + 1,
                now);
        server(
                wk,
                CLIENT,
                cport,
                SERVER_ISN + 1,
                isn + 65 + header,
                TcpHeader.ACK,
                100,
                64,
                SERVER_TS + 1,
                CLIENT_TS + 1,
                now);
        client(wk, cport, isn + 65, cookie + 65, TcpHeader.ACK | TcpHeader.FIN, 0, CLIENT_TS + 2, ourTs + 1, now);
        return now;
    }

    private static int ourTs(LastFrame sink) {
        TcpOptions o = sink.parsed.tcpOptions();
        for (int k = o.next(); k >= 0; k = o.next()) {
            if (k == TcpOptions.TIMESTAMPS) {
                return o.tsVal();
            }
        }
        return 0;
    }
}
