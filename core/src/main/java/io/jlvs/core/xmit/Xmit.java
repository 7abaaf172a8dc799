package io.jlvs.core.xmit;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.ParsedPacket;

/** Applicability checks shared by the transforms of this package. */
final class Xmit {
    /** 255.255.255.255 as a big-endian int. */
    private static final int V4_BROADCAST = 0xFFFF_FFFF;

    private Xmit() {}

    /**
     * True when (hi, lo) is an address of {@code p}'s family: IPv4-mapped for an IPv4 packet, anything
     * else for IPv6. A mapped address in an IPv6 header would be a translation to IPv4, which none of
     * the methods does.
     */
    static boolean sameFamily(ParsedPacket p, long hi, long lo) {
        if (p.isIpv4()) {
            return InetAddr.isV4(hi, lo);
        }
        return p.isIpv6() && !InetAddr.isV4(hi, lo);
    }

    static boolean isPort(int port) {
        return (port >>> 16) == 0;
    }

    /** A whole TCP or UDP datagram (or first fragment) the address/port rewrites apply to. */
    static boolean hasPorts(ParsedPacket p) {
        return !p.isQuoted() && (p.isIpv4() || p.isIpv6()) && p.hasPorts();
    }

    static boolean isTcp(ParsedPacket p) {
        return p.protocol() == IpProtocol.TCP && p.tcpHeaderLength() > 0;
    }

    /**
     * True when {@code p}'s source may be answered: not unspecified, not broadcast or multicast. An
     * answer to such a source would be a reflection (RFC 1122 §3.2.2, RFC 4443 §2.4(e)).
     */
    static boolean unicastSource(ParsedPacket p) {
        if (p.isIpv4()) {
            int src = p.srcV4();
            return src != 0 && src != V4_BROADCAST && (src >>> 28) != 0xE;
        }
        long hi = p.srcHi();
        return p.isIpv6() && (hi | p.srcLo()) != 0 && (hi >>> 56) != 0xFF;
    }
}
