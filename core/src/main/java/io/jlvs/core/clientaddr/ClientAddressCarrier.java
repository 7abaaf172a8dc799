package io.jlvs.core.clientaddr;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.conn.ConnFlags;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.conn.FwdMethod;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Ipv4Header;
import io.jlvs.core.packet.Ipv6Header;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.packet.UdpHeader;
import io.jlvs.core.packet.Wire;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import io.jlvs.core.worker.Counters;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Carries the client's address to the real server of a NAT or FULLNAT flow, one worker's part: the
 * TOA option added to the client's first segments after the handshake, or a PROXY protocol header
 * put in front of the client's byte stream (TCP) or of each datagram (UDP, version 2).
 *
 * <p>Called by the worker after the flow's forwarding rewrite, so the packet is already as the real
 * server will see it. A packet that grows is copied into this carrier's own frame buffer (DESIGN
 * §3.3: never written past the RX frame) and re-parsed there; the worker then sends it from there.
 *
 * <p><b>The PROXY header in a TCP stream.</b> The header takes the first {@code L} sequence numbers
 * of the client's stream as the real server sees it, so from the first data on, the connection's
 * {@link ConnTable#seqDelta} (the one client → server shift, {@code xmit/SeqShift}) grows by {@code
 * L}: later client segments move forward, the server's acknowledgements and SACK edges move back.
 * Where the stream starts in the server's view needs no storage: until the server acknowledges any
 * of the header, its highest acknowledgement ({@link ConnTable#ackMax} of the server's direction) is
 * still the one of its SYN-ACK, the first sequence number of the client's data. A client segment at
 * that point (the first data, or its retransmission) is sent with the header in front; once the
 * server has acknowledged beyond it, a client retransmission is a plain duplicate and goes without.
 * Two connection flags say where the flow is: {@link #OWED} (the server has not acknowledged the
 * address yet) and {@link #SHIFTED} (the delta includes {@code L}). A server that acknowledges only
 * part of the header (a receive window under about 100 bytes) would leave a later retransmission
 * short of its rest; no real TCP stack opens with such a window.
 *
 * <p><b>TOA</b> (FULLNAT only: under NAT the server sees the client itself). The option goes in
 * every client segment that acknowledges the server's SYN-ACK until the server acknowledges client
 * data (so the segment that creates the server's socket, the handshake's ACK or, if that was lost,
 * the first data, carries it), and in the SYN too where the service asks for it ({@link
 * ClientAddressSpec#toaInSyn}); inserted first in the option list (an end-of-list option may close
 * the list). When the header has no room (60 bytes at most) the segment goes without it, counted
 * (alibaba's {@code fullnat_add_toa_head_full}); so does one the option would make longer than the
 * egress MTU ({@code fullnat_add_toa_fail_len}). Room for the payload is made in advance: the
 * server's SYN-ACK advertises an MSS lowered by {@link #mssReserve} so a full-sized segment still
 * fits the path once the option (or the PROXY header) is added; under SYNPROXY the client never
 * sees the server's SYN-ACK, and the director's cookie SYN-ACK is lowered instead.
 *
 * <p><b>With SYNPROXY.</b> The director's own segments to the server (its SYN, the ACK that
 * completes the server's handshake) and the client segments it held meanwhile all go through the
 * worker's forwarding path, so they get the address like any client segment: TOA on that ACK (and
 * on the SYN with {@code toa_in_syn}), the PROXY header on the first held data. SYNPROXY's shift is
 * of the other direction (the server's sequence numbers, the client's acknowledgements), so the
 * two never move the same field.
 *
 * <p>Packet-path code: no allocation, no exception, no lock.
 */
public final class ClientAddressCarrier {
    /** The real server has not yet acknowledged the client address (TOA or PROXY header owed). */
    public static final int OWED = ConnFlags.CLIENT_ADDRESS_OWED;
    /** The flow's sequence delta includes the PROXY header's length. */
    public static final int SHIFTED = ConnFlags.CLIENT_ADDRESS_SHIFTED;

    /** {@link #toServer} result: the packet is unchanged, or rewritten in place. */
    public static final int IN_PLACE = 0;
    /** {@link #toServer} result: the packet grew; {@code p} now describes it in {@link #frame}. */
    public static final int MOVED = 1;
    /** {@link #toServer} result: the packet could not carry the address and must be dropped. */
    public static final int FAILED = -1;

    /** An IP packet's largest size, plus an Ethernet header and the largest addition. */
    private static final int FRAME_BYTES = 14 + 0xFFFF + 128;

    private final ConnTable table;
    private final Counters counters;
    private final MemorySegment frame;
    private final MemorySegment header;
    /** Flyweights over {@link #frame} for the lengths a grown packet changes. */
    private final Ipv4Header ipv4 = new Ipv4Header();

    private final Ipv6Header ipv6 = new Ipv6Header();
    private final UdpHeader udpHeader = new UdpHeader();

    public ClientAddressCarrier(ConnTable table, Counters counters) {
        this.table = table;
        this.counters = counters;
        Arena arena = Arena.ofAuto();
        this.frame = arena.allocate(FRAME_BYTES, 64);
        this.header = arena.allocate(ProxyHeader.MAX_LENGTH, 8);
    }

    /** The buffer a grown packet is written to. */
    public MemorySegment frame() {
        return frame;
    }

    /**
     * Bytes the MSS a real server advertises must be lowered by so a full segment can still carry
     * the address: the TOA option's length, or the longest PROXY header of the family (the first data
     * segment carries it); 0 for none and for datagrams.
     */
    public static int mssReserve(ClientAddressMode mode, boolean ipv6) {
        return switch (mode) {
            case NONE -> 0;
            case TOA -> ipv6 ? Toa.LENGTH_V6 : Toa.LENGTH_V4;
            case PROXY_V1 -> ipv6 ? ProxyHeader.V1_MAX_LENGTH : ProxyHeader.V1_V4_MAX_LENGTH;
            case PROXY_V2 -> ipv6 ? ProxyHeader.V2_V6_LENGTH : ProxyHeader.V2_V4_LENGTH;
        };
    }

    /**
     * Whether a connection of {@code mode} on forwarding method {@code fwd} carries the address: TOA
     * under FULLNAT (under NAT the server sees the client itself), a PROXY header under NAT or FULLNAT
     * (DR and TUN never touch the stream), over the protocols the mode {@link
     * ClientAddressMode#supports(int) supports}.
     */
    public static boolean carries(ClientAddressMode mode, int protocol, int fwd) {
        boolean rewrites = mode == ClientAddressMode.TOA
                ? fwd == FwdMethod.FULLNAT
                : fwd == FwdMethod.NAT || fwd == FwdMethod.FULLNAT;
        return mode != ClientAddressMode.NONE && rewrites && mode.supports(protocol);
    }

    /** A new connection {@code id} that {@link #carries} the address: it is owed until acknowledged. */
    public void opened(int id) {
        if (table.protocol(id) == IpProtocol.TCP) {
            table.setFlags(id, OWED);
        }
    }

    /**
     * Whether a client packet of connection {@code id} may need {@link #toServer}: every datagram of
     * a UDP flow that carries the address, a TCP segment only until the server has the address. The
     * worker asks before it looks up the egress MTU {@link #toServer} wants.
     */
    public boolean pending(ParsedPacket p, int id) {
        return p.protocol() == IpProtocol.UDP || (table.flags(id) & OWED) != 0;
    }

    /**
     * A client packet of connection {@code id}, already rewritten for the real server. Adds what
     * {@code spec} calls for; see the class comment.
     *
     * @param mtu the MTU of the interface the packet leaves by (0: unknown, no limit but 64 KiB)
     * @return {@link #IN_PLACE}, {@link #MOVED} or {@link #FAILED}
     */
    public int toServer(ParsedPacket p, int id, ClientAddressSpec spec, int mtu) {
        ClientAddressMode mode = spec.mode();
        boolean udp = p.protocol() == IpProtocol.UDP;
        if (p.isQuoted()
                || (udp
                        ? mode != ClientAddressMode.PROXY_V2
                        : p.protocol() != IpProtocol.TCP || (table.flags(id) & OWED) == 0)) {
            return IN_PLACE;
        }
        if (p.isFragment()) {
            // A first fragment (later ones are dropped unparsed): the address cannot go into a
            // datagram the network has already cut up. Counted; the rest is the client's to resend.
            counters.clientAddressFailed++;
            return IN_PLACE;
        }
        if (udp) {
            return datagram(p, id, mtu);
        }
        return switch (mode) {
            case TOA -> toa(p, id, spec, mtu);
            case PROXY_V1, PROXY_V2 -> stream(p, id, mode, mtu);
            case NONE -> IN_PLACE;
        };
    }

    /**
     * A real server's segment of connection {@code id}, before the tracker records it: an
     * acknowledgement beyond the SYN-ACK's means the server has the address.
     */
    public void fromServer(ParsedPacket p, int id) {
        int f = table.flags(id);
        if ((f & OWED) != 0
                && (f & ConnFlags.ACK_OUT) != 0
                && p.protocol() == IpProtocol.TCP
                && (p.tcpFlags() & (TcpHeader.ACK | TcpHeader.SYN)) == TcpHeader.ACK
                && p.ack() - table.ackMax(id, ConnTable.OUT) > 0) {
            table.clearFlags(id, OWED);
        }
    }

    // ---------------------------------------------------------------- TOA

    private int toa(ParsedPacket p, int id, ClientAddressSpec spec, int mtu) {
        int flags = p.tcpFlags();
        if ((flags & TcpHeader.RST) != 0) {
            return IN_PLACE;
        }
        boolean syn = (flags & TcpHeader.SYN) != 0;
        if (syn ? !spec.toaInSyn() : (flags & TcpHeader.ACK) == 0) {
            return IN_PLACE;
        }
        long cHi = table.clientHi(id);
        long cLo = table.clientLo(id);
        int n = Toa.length(cHi, cLo);
        int tcpLength = p.tcpHeaderLength();
        if (tcpLength + n > TcpHeader.MAX_LENGTH) {
            counters.toaNoRoom++;
            return IN_PLACE;
        }
        if (tooBig(p, n, mtu)) {
            counters.toaTooBig++;
            return IN_PLACE;
        }
        long gap = p.l4Offset() + TcpHeader.MIN_LENGTH;
        long at = open(p, gap, n);
        if (at < 0) {
            return FAILED;
        }
        Toa.write(frame, at, spec.toaIpv6Kind(), cHi, cLo, table.clientPort(id));
        long tcp = at - TcpHeader.MIN_LENGTH;
        Wire.putU8(frame, tcp + 12, ((tcpLength + n) >>> 2) << 4 | (Wire.u8(frame, tcp + 12) & 0x0F));
        if (!reparse(p, n)) {
            return FAILED;
        }
        counters.toaAdded++;
        return MOVED;
    }

    // ---------------------------------------------------------------- PROXY header, TCP

    private int stream(ParsedPacket p, int id, ClientAddressMode mode, int mtu) {
        int f = table.flags(id);
        if ((p.tcpFlags() & (TcpHeader.SYN | TcpHeader.RST)) != 0
                || (f & ConnFlags.ACK_OUT) == 0
                || p.payloadLength() == 0) {
            // Before the server's SYN-ACK the stream has no start; a segment without data (the
            // handshake's ACK, a bare FIN) sits before the header and needs no shift.
            return IN_PLACE;
        }
        int start = table.ackMax(id, ConnTable.OUT);
        int n = writeHeader(id, mode, true);
        if ((f & SHIFTED) == 0) {
            table.seqDelta(id, table.seqDelta(id) + n);
            table.setFlags(id, SHIFTED);
            if (p.seq() != start) {
                // Data beyond a lost first segment: it belongs after the header.
                PacketRewriter.seq(p, p.seq() + n);
                return IN_PLACE;
            }
        } else if (p.seq() - n != start) {
            return IN_PLACE;
        } else {
            // The first data again (a retransmission): the header goes with it once more.
            PacketRewriter.seq(p, start);
            counters.proxyHeadersResent++;
        }
        return prepend(p, n, mtu) ? MOVED : FAILED;
    }

    // ---------------------------------------------------------------- PROXY header, UDP

    private int datagram(ParsedPacket p, int id, int mtu) {
        int n = writeHeader(id, ClientAddressMode.PROXY_V2, false);
        return prepend(p, n, mtu) ? MOVED : FAILED;
    }

    private int writeHeader(int id, ClientAddressMode mode, boolean stream) {
        long cHi = table.clientHi(id);
        long cLo = table.clientLo(id);
        int cport = table.clientPort(id);
        long vHi = table.virtualHi(id);
        long vLo = table.virtualLo(id);
        int vport = table.virtualPort(id);
        return mode == ClientAddressMode.PROXY_V1
                ? ProxyHeader.v1(header, 0, cHi, cLo, cport, vHi, vLo, vport)
                : ProxyHeader.v2(header, 0, stream, cHi, cLo, cport, vHi, vLo, vport);
    }

    /**
     * Puts the {@code n} bytes of {@link #header} in front of {@code p}'s payload; refused, counted,
     * when that passes the MTU: the header cannot be left out of a stream whose sequence numbers
     * already make room for it (the client's MSS was lowered for it, so only a client that ignores
     * its peer's MSS gets here).
     */
    private boolean prepend(ParsedPacket p, int n, int mtu) {
        if (tooBig(p, n, mtu)) {
            counters.clientAddressFailed++;
            return false;
        }
        long at = open(p, p.payloadOffset(), n);
        if (at < 0) {
            return false;
        }
        MemorySegment.copy(header, 0, frame, at, n);
        if (p.protocol() == IpProtocol.UDP) {
            udpHeader.wrap(frame, p.l4Offset() - p.l3Offset() + 14);
            udpHeader.length(udpHeader.length() + n);
        }
        if (!reparse(p, n)) {
            return false;
        }
        counters.proxyHeaders++;
        return true;
    }

    // ---------------------------------------------------------------- growing a packet

    /**
     * Whether {@code p} grown by {@code n} bytes passes the egress {@code mtu} (0: unknown). A
     * super-frame leaves as segments of gso_size payload bytes, lowered on the way out where the
     * headers grew ({@code xmit/Offloads}): only headers with no room for any payload are too big.
     */
    private static boolean tooBig(ParsedPacket p, int n, int mtu) {
        int length = p.isSuperFrame() ? (int) (p.payloadOffset() - p.l3Offset()) + 1 : p.ipTotalLength();
        return mtu > 0 && length + n > mtu;
    }

    /**
     * Copies {@code p}'s IP packet into {@link #frame} behind a 14-byte Ethernet header (the worker
     * writes its own on the way out; the type field is the two bytes before the IP header, whatever
     * VLAN tags preceded it), leaving {@code n} bytes free at what was {@code gap} in {@code p}, and
     * fixes the IP length (and, incrementally, the IPv4 header checksum). Returns the free bytes' offset in {@link
     * #frame}, or -1 (counted) when the packet would pass 64 KiB.
     */
    private long open(ParsedPacket p, long gap, int n) {
        int ipLength = p.ipTotalLength();
        if (ipLength + n > 0xFFFF) {
            counters.clientAddressFailed++;
            return -1;
        }
        MemorySegment src = p.segment();
        long from = p.l3Offset() - 14;
        int head = (int) (gap - from);
        int tail = (int) (p.l3Offset() + ipLength - gap);
        MemorySegment.copy(src, from, frame, 0, head);
        MemorySegment.copy(src, gap, frame, head + n, tail);
        if (p.isIpv4()) {
            ipv4.wrap(frame, 14).rewriteTotalLength(ipLength + n);
        } else {
            ipv6.wrap(frame, 14).payloadLength(ipv6.payloadLength() + n);
        }
        return head;
    }

    /**
     * Parses {@code p}, grown by {@code n} bytes in {@link #frame}, into {@code p} and computes its
     * transport checksum in full: not incrementally, because a PROXY v1 line of odd length moves
     * every byte after it into the other half of its checksum word.
     */
    private boolean reparse(ParsedPacket p, int n) {
        int length = 14 + p.ipTotalLength() + n;
        if (PacketParser.parse(frame, 0, length, p) != ParseResult.OK || !Checksums.fillL4(p)) {
            counters.clientAddressFailed++;
            return false;
        }
        return true;
    }
}
