package io.jlvs.core.xmit;

import io.jlvs.core.checksum.IncrementalChecksum;
import io.jlvs.core.packet.IcmpHeader;
import io.jlvs.core.packet.Icmpv6Header;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.Ipv4Header;
import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.Wire;

/**
 * Answers pings to a VIP: the kernel of the director does not own the VIPs (DESIGN §3.9), so without
 * this a VIP would not answer {@code ping}, which operators and monitoring expect of an LVS VIP (IPVS
 * leaves echo to the director's own stack, which owns the VIP there).
 *
 * <p>The reply is made in place from the request, as a host does (RFC 792 "Echo or Echo Reply
 * Message", RFC 1122 §3.2.2.6, RFC 4443 §4.2): MACs and addresses swapped, type changed, identifier,
 * sequence number and data echoed. TTL / hop limit is reset to {@link #REPLY_TTL}: the reply is a new
 * datagram, and the request's remaining TTL could be too small to get back. IPv4 options are echoed
 * as they came.
 */
public final class IcmpEcho {
    /** TTL / hop limit of a reply. */
    public static final int REPLY_TTL = 64;

    /** TTL shares a 16-bit checksum word with the protocol (RFC 1624 §4's example). */
    private static final int TTL_WORD = 8;

    private IcmpEcho() {}

    /**
     * Turns an ICMP echo request (type 8) or ICMPv6 echo request (type 128) into its reply in place,
     * every checksum updated incrementally (the swap leaves the IPv4 header and ICMPv6 pseudo-header sums
     * unchanged; type and TTL are the only changes). Returns false, changing nothing, for any other
     * packet, a fragment (the reply would need data not in this frame) or a request from a
     * non-unicast source (answering it would be a reflection, RFC 1122 §3.2.2.6). {@code p}'s addresses
     * follow the reply; its decoded MAC, type and TTL fields keep the request's values.
     */
    public static boolean reply(ParsedPacket p) {
        boolean v4 = p.isIpv4() && p.protocol() == IpProtocol.ICMP && p.icmpType() == IcmpHeader.ECHO_REQUEST;
        boolean v6 = p.isIpv6() && p.protocol() == IpProtocol.ICMPV6 && p.icmpType() == Icmpv6Header.ECHO_REQUEST;
        if ((!v4 && !v6) || p.isQuoted() || p.isFragment() || !Xmit.unicastSource(p)) {
            return false;
        }
        long srcHi = p.srcHi();
        long srcLo = p.srcLo();
        PacketRewriter.srcAddress(p, p.dstHi(), p.dstLo());
        PacketRewriter.dstAddress(p, srcHi, srcLo);
        p.ethernet().swapMacs();
        if (v4) {
            Ipv4Header ip = p.ipv4();
            int oldWord = Wire.u16(ip.segment(), ip.offset() + TTL_WORD);
            ip.ttl(REPLY_TTL);
            int newWord = Wire.u16(ip.segment(), ip.offset() + TTL_WORD);
            ip.checksum(IncrementalChecksum.update16(ip.checksum(), oldWord, newWord));
            p.icmp().toEchoReply();
        } else {
            p.ipv6().hopLimit(REPLY_TTL);
            p.icmpv6().toEchoReply();
        }
        return true;
    }
}
