package io.jlvs.bench;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.ArpPacket;
import io.jlvs.core.packet.EtherType;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.proto.Timeouts;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.core.worker.DirectorInterfaces;
import io.jlvs.core.worker.OwnedAddresses;
import io.jlvs.core.worker.Snapshot;
import io.jlvs.core.worker.TxSink;
import io.jlvs.core.worker.Verdict;
import io.jlvs.core.worker.Worker;
import io.jlvs.core.worker.WorkerConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The lab's director (lab/README.md address plan) as one {@link Worker} fed synthetic frames: a
 * TCP service on VIP:80 with three real servers, round robin, in one forwarding method. It plays
 * the other hosts too — answers the worker's ARP probes with their MACs and completes TCP
 * handshakes — so a benchmark starts from the state a running director is in: neighbours
 * resolved, connections established. Control plane and set-up only: it allocates freely.
 */
public final class SyntheticDirector {
    /** The director's client-side and server-side interfaces. */
    public static final int IF_C = 2;

    public static final int IF_S = 3;
    public static final long MAC_C = 0x02_00_00_00_00_02L;
    public static final long MAC_S = 0x02_00_00_00_00_03L;
    /** Every client sits behind one MAC (a router on the client LAN). */
    public static final long MAC_CLIENT = 0x02_00_00_00_0C_01L;

    public static final String VIP = "198.18.0.100";
    public static final int VPORT = 80;
    public static final String LIP = "198.18.1.200";
    public static final String CLIENT = "198.18.0.11";
    public static final List<String> REALS = List.of("198.18.1.11", "198.18.1.12", "198.18.1.13");

    private static final int SCRATCH = 2048;

    private final ForwardingMethod method;
    private final Snapshot snapshot;
    private final Worker worker;
    private final Capture capture = new Capture();
    private final FrameWriter writer = new FrameWriter();
    private final MemorySegment scratch = Arena.ofAuto().allocate(SCRATCH, 64);
    private final ParsedPacket parsed = new ParsedPacket();

    /**
     * @param method the forwarding method of the three real servers
     * @param connCapacity the worker's connection table size
     */
    public SyntheticDirector(ForwardingMethod method, int connCapacity) {
        this(method, connCapacity, false);
    }

    /** As above, with SYNPROXY on the service when {@code synProxy}. */
    public SyntheticDirector(ForwardingMethod method, int connCapacity, boolean synProxy) {
        this.method = method;
        this.snapshot = snapshot(method, synProxy);
        this.worker = new Worker(
                0, 1, WorkerConfig.defaults().withConnCapacity(connCapacity).withSeed(7), snapshot, 0);
        worker.beginBatch(snapshot, capture, 0);
    }

    /** The lab's configuration as a worker sees it: one TCP service, three real servers. */
    public static Snapshot snapshot(ForwardingMethod method) {
        return snapshot(method, false);
    }

    public static Snapshot snapshot(ForwardingMethod method, boolean synProxy) {
        VirtualService.Builder svc =
                VirtualService.tcp(VIP, VPORT).scheduler("rr").synProxy(synProxy);
        for (String r : REALS) {
            svc.real(RealServer.at(r, VPORT).weight(1).method(method));
        }
        if (method == ForwardingMethod.FULLNAT) {
            svc.localAddress(LIP);
        }
        ServiceTable services = ServiceTable.builder().service(svc).build();
        RouteTable routes = new RouteTable(List.of(
                RouteTable.Route.of("198.18.0.0/24", IF_C, null, 0),
                RouteTable.Route.of("198.18.1.0/24", IF_S, null, 0)));
        DirectorInterfaces ifs = new DirectorInterfaces(List.of(
                new DirectorInterfaces.Iface(IF_C, "eth-c", MAC_C, 1500, 0, InetAddr.parse("198.18.0.1")[1], 0, 0),
                new DirectorInterfaces.Iface(IF_S, "eth-s", MAC_S, 1500, 0, InetAddr.parse("198.18.1.1")[1], 0, 0)));
        long[] vip = InetAddr.parse(VIP);
        long[] lip = InetAddr.parse(LIP);
        OwnedAddresses owned = new OwnedAddresses(List.of(
                new OwnedAddresses.Owned(vip[0], vip[1], IF_C, OwnedAddresses.Kind.VIP),
                new OwnedAddresses.Owned(lip[0], lip[1], IF_S, OwnedAddresses.Kind.LOCAL_ADDRESS)));
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

    /** The MAC of real server {@code i} (0-based). */
    public static long realMac(int i) {
        return 0x02_00_00_00_05_11L + i;
    }

    public Worker worker() {
        return worker;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public ForwardingMethod method() {
        return method;
    }

    /**
     * An established TCP flow as both ends see it: the client's tuple, and the tuple the real
     * server replies with (to the client for NAT, to LIP:lport for FULLNAT), with each side's next
     * sequence number.
     *
     * @param clientSeq the client's next sequence number (the server's, shifted, is {@code
     *     serverAck})
     * @param serverSeq the real server's next sequence number
     * @param serverAck what the real server acknowledges: the client's next sequence number in the
     *     real server's sequence space
     */
    public record Flow(
            int clientPort,
            int real,
            long replyToHi,
            long replyToLo,
            int replyToPort,
            int clientSeq,
            int serverSeq,
            int serverAck) {}

    /**
     * Opens a TCP connection from {@link #CLIENT}:{@code clientPort} to the VIP with a full
     * three-way handshake through the worker, answering whatever ARP probes it sends on the way.
     *
     * @throws IllegalStateException if any step is not forwarded as a director would
     */
    public Flow establish(int clientPort, long now) {
        long[] c = InetAddr.parse(CLIENT);
        long[] v = InetAddr.parse(VIP);
        int clientIsn = 1000;
        int serverIsn = 5000;
        int n = writer.begin(scratch, 0, SCRATCH)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(clientPort, VPORT, clientIsn, 0, 0x02, 65535)
                .mss(1460)
                .finish();
        ParsedPacket syn = forward(n, IF_C, IF_S, now);
        int real = REALS.indexOf(InetAddr.format(syn.dstHi(), syn.dstLo()));
        long toHi = syn.srcHi();
        long toLo = syn.srcLo();
        int toPort = syn.srcPort();
        int serverSeenIsn = syn.seq();
        long[] r = InetAddr.parse(REALS.get(real));

        n = writer.begin(scratch, 0, SCRATCH)
                .ethernet(MAC_S, realMac(real))
                .ip(r[0], r[1], toHi, toLo)
                .tcp(VPORT, toPort, serverIsn, serverSeenIsn + 1, 0x12, 65535)
                .mss(1460)
                .finish();
        ParsedPacket synAck = forward(n, IF_S, IF_C, now);
        if (synAck.ack() != clientIsn + 1) {
            throw new IllegalStateException("SYN-ACK reached the client acking " + synAck.ack());
        }
        n = writer.begin(scratch, 0, SCRATCH)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(clientPort, VPORT, clientIsn + 1, serverIsn + 1, 0x10, 65535)
                .finish();
        forward(n, IF_C, IF_S, now);
        return new Flow(clientPort, real, toHi, toLo, toPort, clientIsn + 1, serverIsn + 1, serverSeenIsn + 1);
    }

    /**
     * Writes the client's next data segment of {@code flow} (ACK|PSH, {@code payload} bytes) into
     * {@code frame} at offset 0; returns its length.
     */
    public int clientSegment(Flow flow, int payload, MemorySegment frame) {
        long[] c = InetAddr.parse(CLIENT);
        long[] v = InetAddr.parse(VIP);
        writer.begin(frame, 0, (int) frame.byteSize())
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(flow.clientPort(), VPORT, flow.clientSeq(), flow.serverSeq(), 0x18, 65535);
        return finishWithPayload(payload);
    }

    /** Writes the real server's next data segment of {@code flow} into {@code frame}; its length. */
    public int serverSegment(Flow flow, int payload, MemorySegment frame) {
        long[] r = InetAddr.parse(REALS.get(flow.real()));
        writer.begin(frame, 0, (int) frame.byteSize())
                .ethernet(MAC_S, realMac(flow.real()))
                .ip(r[0], r[1], flow.replyToHi(), flow.replyToLo())
                .tcp(VPORT, flow.replyToPort(), flow.serverSeq(), flow.serverAck(), 0x18, 65535);
        return finishWithPayload(payload);
    }

    /**
     * Writes a client SYN to the VIP into {@code frame} at {@code offset}; returns its length.
     *
     * @param client the client's IPv4 address as an int
     */
    public int clientSyn(int client, int clientPort, int seq, MemorySegment frame, long offset, int capacity) {
        long[] v = InetAddr.parse(VIP);
        return writer.begin(frame, offset, capacity)
                .ethernet(MAC_C, MAC_CLIENT)
                .ipv4(client, InetAddr.v4(v[1]))
                .tcp(clientPort, VPORT, seq, 0, 0x02, 65535)
                .mss(1460)
                .finish();
    }

    private int finishWithPayload(int payload) {
        if (payload > 0) {
            writer.payload(MemorySegment.ofArray(new byte[payload]), 0, payload);
        }
        int n = writer.finish();
        if (n <= 0) {
            throw new IllegalArgumentException("frame does not fit: " + n);
        }
        return n;
    }

    /**
     * Processes the frame in {@link #scratch}, answers the probes it causes, and returns the frame
     * the worker sent on {@code expectIf} as a result.
     */
    private ParsedPacket forward(int length, int ifIndex, int expectIf, long now) {
        int v = worker.process(scratch, 0, length, ifIndex, now);
        if (v != Verdict.FORWARDED && v != Verdict.QUEUED) {
            throw new IllegalStateException("set-up frame was " + Verdict.name(v) + ", not forwarded");
        }
        answerProbes(now);
        byte[] out = capture.take(expectIf);
        MemorySegment seg = Arena.ofAuto().allocate(out.length);
        MemorySegment.copy(MemorySegment.ofArray(out), 0, seg, 0, out.length);
        ParsedPacket p = new ParsedPacket();
        if (PacketParser.parse(seg, 0, out.length, p) != ParseResult.OK) {
            throw new IllegalStateException("the worker sent a frame that does not parse");
        }
        return p;
    }

    /** Answers every ARP request the worker has sent with the MAC of the host that owns it. */
    private void answerProbes(long now) {
        for (int guard = 0; guard < 16; guard++) {
            byte[] probe = capture.takeArpRequest();
            if (probe == null) {
                return;
            }
            MemorySegment seg = MemorySegment.ofArray(probe);
            if (PacketParser.parse(seg, 0, probe.length, parsed) != ParseResult.OK) {
                throw new IllegalStateException("the worker sent an ARP frame that does not parse");
            }
            ArpPacket arp = parsed.arp();
            int target = arp.targetIp();
            long mac = macOf(InetAddr.format(0, InetAddr.v4Lo(target)));
            int ifIndex = capture.lastArpIf;
            int n = writer.begin(scratch, 0, SCRATCH)
                    .ethernet(parsed.srcMac(), mac)
                    .arp(ArpPacket.OP_REPLY, mac, target, arp.senderMac(), arp.senderIp())
                    .finish();
            worker.process(scratch, 0, n, ifIndex, now);
        }
        throw new IllegalStateException("the worker keeps probing");
    }

    private static long macOf(String address) {
        int i = REALS.indexOf(address);
        return i >= 0 ? realMac(i) : MAC_CLIENT;
    }

    /** Keeps the frames the worker sends during set-up, ARP requests apart. */
    private static final class Capture implements TxSink {
        final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        final ArrayDeque<Integer> ifs = new ArrayDeque<>();
        final ArrayDeque<byte[]> arpRequests = new ArrayDeque<>();
        final ArrayDeque<Integer> arpIfs = new ArrayDeque<>();
        int lastArpIf;

        @Override
        public boolean send(int ifIndex, MemorySegment frame, long offset, int length) {
            byte[] copy = frame.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            boolean arp = length >= 22
                    && (((copy[12] & 0xFF) << 8) | (copy[13] & 0xFF)) == EtherType.ARP
                    && (((copy[20] & 0xFF) << 8) | (copy[21] & 0xFF)) == ArpPacket.OP_REQUEST;
            if (arp) {
                arpRequests.add(copy);
                arpIfs.add(ifIndex);
            } else {
                frames.add(copy);
                ifs.add(ifIndex);
            }
            return true;
        }

        byte[] takeArpRequest() {
            if (arpRequests.isEmpty()) {
                return null;
            }
            lastArpIf = arpIfs.remove();
            return arpRequests.remove();
        }

        byte[] take(int expectIf) {
            if (frames.isEmpty()) {
                throw new IllegalStateException("the worker sent nothing");
            }
            int i = ifs.remove();
            if (i != expectIf) {
                throw new IllegalStateException("the worker sent on interface " + i + ", not " + expectIf);
            }
            return frames.remove();
        }
    }
}
