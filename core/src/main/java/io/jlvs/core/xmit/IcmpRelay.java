package io.jlvs.core.xmit;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.checksum.IncrementalChecksum;
import io.jlvs.core.checksum.UdpChecksum;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.IcmpHeader;
import io.jlvs.core.packet.Icmpv6Header;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Ipv4Header;
import io.jlvs.core.packet.Ipv6Header;
import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Relays an ICMP or ICMPv6 error about a tracked NAT or FULLNAT flow to the other side, translated so
 * that the receiver recognises the quoted datagram as one it sent (IPVS {@code ip_vs_in_icmp} / {@code
 * ip_vs_out_icmp} and {@code ip_vs_nat_icmp}; alibaba/LVS adds the FULLNAT addresses and the quoted
 * sequence number). Without this a client never learns of a path MTU towards the real servers (a
 * black hole, RFC 2923 §2.1) and a real server never hears that a client has gone.
 *
 * <p>Relayed types: IPv4 destination unreachable (fragmentation needed included) and time exceeded;
 * ICMPv6 destination unreachable, packet too big and time exceeded, the set alibaba/LVS handles.
 * Source quench is not relayed (RFC 6633 deprecates it); redirects and parameter problems concern
 * the director's own hop.
 *
 * <p>The worker parses the error with {@code PacketParser.parse} into {@code outer}, its quote with
 * {@code PacketParser.parseQuoted(outer, inner)}, and looks the quoted datagram up in the connection
 * table by its tuple, which is a packet the director sent:
 *
 * <table>
 *   <caption>Who quotes what, and where the tuples go</caption>
 *   <tr><th>error from</th><th>quoted (inner) datagram</th><th>relay</th><th>result</th></tr>
 *   <tr><td>real-server side</td>
 *       <td>NAT: client:cport → RIP:rport; FULLNAT: LIP:lport → RIP:rport</td>
 *       <td>{@link #toClient}</td>
 *       <td>outer VIP → client; inner client:cport → VIP:vport</td></tr>
 *   <tr><td>client side</td>
 *       <td>VIP:vport → client:cport</td>
 *       <td>{@link #toReal}</td>
 *       <td>outer (reporter, NAT; LIP, FULLNAT) → RIP; inner RIP:rport → (client:cport, NAT;
 *           LIP:lport, FULLNAT)</td></tr>
 * </table>
 *
 * <p>The quoted TCP sequence number is moved back into the receiver's sequence space because hosts
 * use it to check that an error is about data in flight (RFC 5927 §4.1; Linux {@code tcp_v4_err}):
 * {@link #toClient} with {@code −fnatDelta} for FULLNAT (its {@code in} added the delta), {@link
 * #toReal} with {@code −synproxyDelta} when SYNPROXY shifted the real server's sequence numbers, else 0.
 * The quoted acknowledgement number and SACK blocks are left as quoted: no receiver checks them.
 *
 * <p>Checksums: the quoted IPv4 header's is recomputed (it is always whole in the quote); the quoted
 * TCP/UDP checksum is updated incrementally for every field changed, which keeps it right for the
 * whole original datagram even though the quote is cut short, and only when the quote reaches it
 * (nothing past the quote is read or written); a quoted UDP checksum of 0 stays 0. The outer ICMP
 * checksum is then recomputed over the whole message, ICMPv6 with its pseudo-header (RFC 4443 §2.3).
 * The outer IPv4 header checksum is updated incrementally.
 *
 * <p>{@code outer}'s decoded fields follow its new addresses; {@code inner}'s keep describing the
 * quote as it arrived (the lookup key).
 */
public final class IcmpRelay {
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;
    private static final int TCP_SEQ = 4;

    private IcmpRelay() {}

    /** True for the error types this class relays, on an unfragmented outer packet. */
    public static boolean isRelayable(ParsedPacket outer) {
        if (outer.isQuoted() || outer.isFragment()) {
            return false;
        }
        int type = outer.icmpType();
        if (outer.isIpv4()) {
            return outer.protocol() == IpProtocol.ICMP
                    && (type == IcmpHeader.DEST_UNREACHABLE || type == IcmpHeader.TIME_EXCEEDED);
        }
        return outer.isIpv6()
                && outer.protocol() == IpProtocol.ICMPV6
                && (type == Icmpv6Header.DEST_UNREACHABLE
                        || type == Icmpv6Header.PACKET_TOO_BIG
                        || type == Icmpv6Header.TIME_EXCEEDED);
    }

    /**
     * An error from the real-server side, about a packet the director sent a real server, relayed to the
     * client: outer source → VIP (the client knows no other address of the service; IPVS does the same
     * for NAT), outer destination → client; quoted source → client:cport, quoted destination →
     * VIP:vport; quoted TCP sequence number {@code += innerSeqDelta}. For NAT the client address and
     * port are already in place and stay. Returns false, changing nothing, when the error is not
     * {@link #isRelayable}, {@code inner} is not its TCP/UDP quote, or an address or port does not fit.
     */
    public static boolean toClient(
            ParsedPacket outer,
            ParsedPacket inner,
            long vHi,
            long vLo,
            int vport,
            long cHi,
            long cLo,
            int cport,
            int innerSeqDelta) {
        if (!applies(outer, inner)
                || !Xmit.sameFamily(outer, vHi, vLo)
                || !Xmit.sameFamily(outer, cHi, cLo)
                || !Xmit.isPort(vport)
                || !Xmit.isPort(cport)) {
            return false;
        }
        rewriteQuote(inner, cHi, cLo, cport, vHi, vLo, vport, innerSeqDelta);
        rewriteOuter(outer, vHi, vLo, cHi, cLo);
        return true;
    }

    /**
     * An error from the client side, about a packet the director sent the client, relayed to the real
     * server: outer source → {@code outerSrc}, outer destination → RIP; quoted source → RIP:rport,
     * quoted destination → {@code l}:lport; quoted TCP sequence number {@code += innerSeqDelta}.
     *
     * <p>FULLNAT: {@code outerSrc} and {@code l} are the LIP (the real server routes only the LIP back
     * to the director) and lport. NAT: {@code outerSrc} is the error's own source ({@code
     * outer.srcHi()}, {@code outer.srcLo()}: the real server routes every address through the director,
     * and the reporting router stays visible, as IPVS leaves it), {@code l} is the client and cport.
     * Returns false, changing nothing, as {@link #toClient}.
     */
    public static boolean toReal(
            ParsedPacket outer,
            ParsedPacket inner,
            long outerSrcHi,
            long outerSrcLo,
            long rHi,
            long rLo,
            int rport,
            long lHi,
            long lLo,
            int lport,
            int innerSeqDelta) {
        if (!applies(outer, inner)
                || !Xmit.sameFamily(outer, outerSrcHi, outerSrcLo)
                || !Xmit.sameFamily(outer, rHi, rLo)
                || !Xmit.sameFamily(outer, lHi, lLo)
                || !Xmit.isPort(rport)
                || !Xmit.isPort(lport)) {
            return false;
        }
        rewriteQuote(inner, rHi, rLo, rport, lHi, lLo, lport, innerSeqDelta);
        rewriteOuter(outer, outerSrcHi, outerSrcLo, rHi, rLo);
        return true;
    }

    /** {@code inner} is the TCP/UDP datagram quoted right after {@code outer}'s ICMP header. */
    private static boolean applies(ParsedPacket outer, ParsedPacket inner) {
        return isRelayable(outer)
                && inner.isQuoted()
                && inner.segment() == outer.segment()
                && inner.l3Offset() == outer.l4Offset() + IcmpHeader.LENGTH
                && inner.ipVersion() == outer.ipVersion()
                && inner.hasPorts()
                && (inner.protocol() == IpProtocol.TCP || inner.protocol() == IpProtocol.UDP);
    }

    private static void rewriteOuter(ParsedPacket outer, long srcHi, long srcLo, long dstHi, long dstLo) {
        if (srcHi != outer.srcHi() || srcLo != outer.srcLo()) {
            PacketRewriter.srcAddress(outer, srcHi, srcLo);
        }
        if (dstHi != outer.dstHi() || dstLo != outer.dstLo()) {
            PacketRewriter.dstAddress(outer, dstHi, dstLo);
        }
        Checksums.fillL4(outer);
    }

    private static void rewriteQuote(
            ParsedPacket inner,
            long srcHi,
            long srcLo,
            int srcPort,
            long dstHi,
            long dstLo,
            int dstPort,
            int seqDelta) {
        MemorySegment s = inner.segment();
        long l4 = inner.l4Offset();
        boolean tcp = inner.protocol() == IpProtocol.TCP;
        int checkAt = tcp ? TCP_CHECKSUM : UDP_CHECKSUM;
        boolean hasCheck = inner.l4Length() >= checkAt + 2;
        int check = hasCheck ? Wire.u16(s, l4 + checkAt) : 0;
        // A quoted UDP datagram sent without a checksum keeps none (RFC 768; UdpChecksum).
        boolean adjust = hasCheck && (tcp || check != UdpChecksum.NONE);

        if (inner.isIpv4()) {
            Ipv4Header ip = inner.ipv4();
            int oldSrc = ip.src();
            int oldDst = ip.dst();
            int newSrc = InetAddr.v4(srcLo);
            int newDst = InetAddr.v4(dstLo);
            ip.src(newSrc).dst(newDst).fillChecksum();
            if (adjust) {
                check = IncrementalChecksum.update32(check, oldSrc, newSrc);
                check = IncrementalChecksum.update32(check, oldDst, newDst);
            }
        } else {
            Ipv6Header ip = inner.ipv6();
            if (adjust) {
                check = IncrementalChecksum.update128(check, ip.srcHi(), ip.srcLo(), srcHi, srcLo);
                check = IncrementalChecksum.update128(check, ip.dstHi(), ip.dstLo(), dstHi, dstLo);
            }
            ip.src(srcHi, srcLo).dst(dstHi, dstLo);
        }

        int oldPorts = Wire.i32(s, l4);
        int newPorts = (srcPort << 16) | dstPort;
        Wire.putI32(s, l4, newPorts);
        if (adjust) {
            check = IncrementalChecksum.update32(check, oldPorts, newPorts);
        }
        if (tcp && seqDelta != 0) {
            int oldSeq = Wire.i32(s, l4 + TCP_SEQ);
            int newSeq = oldSeq + seqDelta;
            Wire.putI32(s, l4 + TCP_SEQ, newSeq);
            if (adjust) {
                check = IncrementalChecksum.update32(check, oldSeq, newSeq);
            }
        }
        if (adjust) {
            Wire.putU16(s, l4 + checkAt, tcp ? check : UdpChecksum.transmitted(check));
        }
    }
}
