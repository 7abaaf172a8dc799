package io.jlvs.core.xmit;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.IcmpHeader;
import io.jlvs.core.packet.Icmpv6Header;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Ipv4Header;
import io.jlvs.core.packet.Ipv6Header;
import io.jlvs.core.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;

/**
 * IP-in-IP tunnelling ({@code ipvsadm -i}, IPVS {@code ip_vs_tunnel_xmit}): the client's datagram goes
 * to the real server unchanged inside an outer IP header from the director to the RIP; the real server
 * decapsulates it, owns the VIP and answers the client directly (DESIGN §4). The frame grows, so the
 * result is written into a TX frame rather than in place.
 *
 * <p>Also here, because the tunnel header is what most often makes a packet too big: the ICMP
 * "fragmentation needed" / ICMPv6 "packet too big" answer ({@link #fragNeeded}), which any forwarding
 * method uses when a packet does not fit the egress MTU.
 */
public final class Tun {
    /** Result: the frame did not fit the output buffer ({@link FrameWriter#OVERFLOW}). */
    public static final int OVERFLOW = FrameWriter.OVERFLOW;
    /**
     * Result: the encapsulated packet would exceed the MTU and may not be fragmented (IPv4 DF, or IPv6,
     * whose routers never fragment, RFC 8200 §5). The caller answers with {@link #fragNeeded} and
     * {@link #innerMtu}, as IPVS does with {@code pmtu_disc} (RFC 1191 §3, RFC 8201 §4).
     */
    public static final int TOO_BIG_DF = -3;
    /**
     * Result: too big, without DF. The kernel would fragment the outer datagram; jlvs does not fragment
     * on the packet path, so the packet is dropped and counted (the sender's own PMTU discovery, or a
     * larger MTU towards the real servers, is the cure).
     */
    public static final int TOO_BIG = -4;
    /**
     * Result: not an IP packet, a quoted packet, or addresses of mixed families; for {@link
     * #fragNeeded} also a packet that may not be answered with an ICMP error.
     */
    public static final int NOT_APPLICABLE = -5;

    /** Outer TTL / hop limit: a fresh datagram from the director (RFC 1122 §3.2.1.7 default). */
    public static final int OUTER_TTL = FrameWriter.DEFAULT_TTL;

    private static final int MAX_IPV4_DATAGRAM = 0xFFFF;
    private static final int MAX_IPV6_DATAGRAM = Ipv6Header.LENGTH + 0xFFFF;
    private static final int FLOW_LABEL_MASK = 0xF_FFFF;

    private Tun() {}

    /**
     * Encapsulates {@code p}'s IP datagram (without Ethernet padding) into a frame at {@code outOff} in
     * {@code out}: Ethernet {@code srcMac → dstMac}, then an outer header from {@code outerSrc} to
     * {@code outerDst} (the real server), whose family decides the outer version. Returns the frame
     * length or {@link #TOO_BIG_DF}, {@link #TOO_BIG}, {@link #OVERFLOW}, {@link #NOT_APPLICABLE}.
     *
     * <p>The outer IPv4 identification is 0 when DF is set (RFC 6864 §4.1: atomic datagrams need no
     * unique ID), else the inner datagram's own identification: the sender already keeps that unique
     * for as long as the fragments may live (RFC 791, RFC 6864 §4.2), and the director adds no
     * datagrams of its own to the tunnel. {@link #encap(ParsedPacket, MemorySegment, long, int, long,
     * long, long, long, long, long, int, int, FrameWriter)} takes a per-worker counter instead.
     * Works for a non-first fragment too (parsed with {@code IP_FRAGMENT}): it is tunnelled as is.
     */
    public static int encap(
            ParsedPacket p,
            MemorySegment out,
            long outOff,
            int outCap,
            long srcMac,
            long dstMac,
            long outerSrcHi,
            long outerSrcLo,
            long outerDstHi,
            long outerDstLo,
            int mtu,
            FrameWriter w) {
        int id = p.isIpv4() && !p.dontFragment() ? p.fragmentId() : 0;
        return encap(
                p, out, outOff, outCap, srcMac, dstMac, outerSrcHi, outerSrcLo, outerDstHi, outerDstLo, mtu, id, w);
    }

    /**
     * As {@link #encap(ParsedPacket, MemorySegment, long, int, long, long, long, long, long, long, int,
     * FrameWriter)}, with the outer IPv4 identification {@code ipId} used when DF is clear.
     *
     * <p>Outer header: protocol / next header 4 for an IPv4 inner datagram, 41 for IPv6; TTL {@link
     * #OUTER_TTL}; DS field and ECN copied from the inner header (RFC 2983 uniform model; RFC 6040 §4.1
     * normal mode copies ECN so congestion marks survive decapsulation); IPv4 DF copied from the inner
     * IPv4 header and always set for an IPv6 inner datagram, which must not be fragmented on the way
     * (RFC 8200 §5); IPv6 flow label from a hash of the inner flow, so routers that balance on the
     * outer header keep each flow on one path while spreading flows (RFC 6438 §3).
     */
    public static int encap(
            ParsedPacket p,
            MemorySegment out,
            long outOff,
            int outCap,
            long srcMac,
            long dstMac,
            long outerSrcHi,
            long outerSrcLo,
            long outerDstHi,
            long outerDstLo,
            int mtu,
            int ipId,
            FrameWriter w) {
        boolean outerV4 = InetAddr.isV4(outerSrcHi, outerSrcLo);
        if (p.isQuoted()
                || (!p.isIpv4() && !p.isIpv6())
                || p.l3Offset() < 0
                || outerV4 != InetAddr.isV4(outerDstHi, outerDstLo)) {
            return NOT_APPLICABLE;
        }
        int inner = p.ipTotalLength();
        int outerLength = inner + (outerV4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH);
        int limit = Math.min(mtu, outerV4 ? MAX_IPV4_DATAGRAM : MAX_IPV6_DATAGRAM);
        boolean dontFragment = p.isIpv6() || p.dontFragment();
        if (outerLength > limit) {
            return dontFragment ? TOO_BIG_DF : TOO_BIG;
        }
        int dsField = p.isIpv4() ? p.ipv4().tos() : p.ipv6().trafficClass();
        w.begin(out, outOff, outCap).ethernet(dstMac, srcMac);
        if (outerV4) {
            w.ipv4(
                    InetAddr.v4(outerSrcLo),
                    InetAddr.v4(outerDstLo),
                    OUTER_TTL,
                    dsField,
                    dontFragment ? 0 : ipId & 0xFFFF,
                    dontFragment);
        } else {
            w.ipv6(outerSrcHi, outerSrcLo, outerDstHi, outerDstLo, OUTER_TTL, dsField, flowLabel(p));
        }
        return w.ipPayload(p.isIpv4() ? IpProtocol.IPIP : IpProtocol.IPV6)
                .payload(p.segment(), p.l3Offset(), inner)
                .finish();
    }

    /**
     * The MTU left for the inner datagram on a link of {@code mtu}: what a {@link #TOO_BIG_DF} answer
     * reports as the next-hop MTU.
     */
    public static int innerMtu(int mtu, boolean outerIpv6) {
        return mtu - (outerIpv6 ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH);
    }

    /**
     * Builds the answer to a packet too big to forward, back to its source, from {@code from} (the VIP,
     * so the client's stack accepts it as being about its connection): ICMP destination unreachable /
     * fragmentation needed with the next-hop MTU (type 3 code 4, RFC 1191 §4) or ICMPv6 packet too big
     * (type 2, RFC 4443 §3.2). The offending datagram is quoted as far as the error may be long (576
     * bytes of IPv4, RFC 1812 §4.3.2.3; 1280 of IPv6, RFC 4443 §2.4(c)); checksums are complete.
     * Returns the frame length, {@link #OVERFLOW} or {@link #NOT_APPLICABLE}: for a packet that is an
     * ICMP error itself (never answered with one, RFC 1122 §3.2.2, RFC 4443 §2.4(e)), one from a
     * non-unicast source, or {@code from} of the other family.
     *
     * <p>An IPv6 {@code nextHopMtu} below 1280 is sent as given: it means the link towards the real
     * servers is misconfigured for IPv6, which RFC 8200 §5 forbids, and hiding it would not help.
     */
    public static int fragNeeded(
            ParsedPacket p,
            MemorySegment out,
            long outOff,
            int outCap,
            long srcMac,
            long dstMac,
            long fromHi,
            long fromLo,
            int nextHopMtu,
            FrameWriter w) {
        if (p.isQuoted() || !Xmit.sameFamily(p, fromHi, fromLo) || isIcmpError(p) || !Xmit.unicastSource(p)) {
            return NOT_APPLICABLE;
        }
        w.begin(out, outOff, outCap).ethernet(dstMac, srcMac);
        if (p.isIpv4()) {
            // RFC 1191 §4: the high 16 bits of the rest-of-header are unused, the low 16 the MTU.
            w.ipv4(InetAddr.v4(fromLo), p.srcV4())
                    .icmp(IcmpHeader.DEST_UNREACHABLE, IcmpHeader.CODE_FRAG_NEEDED, nextHopMtu & 0xFFFF);
        } else {
            w.ipv6(fromHi, fromLo, p.srcHi(), p.srcLo()).icmpv6(Icmpv6Header.PACKET_TOO_BIG, 0, nextHopMtu);
        }
        return w.quote(p.segment(), p.l3Offset(), p.ipTotalLength()).finish();
    }

    private static boolean isIcmpError(ParsedPacket p) {
        if (p.isIpv4()) {
            return p.protocol() == IpProtocol.ICMP && p.icmpType() >= 0 && IcmpHeader.isError(p.icmpType());
        }
        return p.protocol() == IpProtocol.ICMPV6 && p.icmpType() >= 0 && Icmpv6Header.isError(p.icmpType());
    }

    /** A nonzero 20-bit label from the inner addresses, protocol and ports (RFC 6437 §3: 0 is "unlabelled"). */
    private static int flowLabel(ParsedPacket p) {
        long h = p.srcHi() * 31 + p.srcLo();
        h = h * 31 + p.dstHi();
        h = h * 31 + p.dstLo();
        h = h * 31 + (((long) p.protocol() << 32) | ((long) p.srcPort() << 16) | p.dstPort());
        h *= 0x9E37_79B9_7F4A_7C15L;
        int label = (int) (h >>> 44) & FLOW_LABEL_MASK;
        return label == 0 ? 1 : label;
    }
}
