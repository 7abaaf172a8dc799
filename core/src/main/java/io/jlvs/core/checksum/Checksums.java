package io.jlvs.core.checksum;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Whole-header checksum checks and fills: the IPv4 header checksum, and the TCP, UDP, ICMP and
 * ICMPv6 checksum of a parsed packet, pseudo-header included.
 *
 * <p>The L4 functions apply to a whole datagram only: for a fragment the checksum covers bytes that
 * are not in this frame, and for a datagram quoted in an ICMP error it covers bytes that were cut
 * off; they return false (or -1) for those, and for protocols without a checksum this code knows.
 * The IPv6 pseudo-header uses the destination in the IPv6 header; a packet still carrying a routing
 * header with segments left (RFC 8200 §8.1, "final destination") is not one the director terminates.
 */
public final class Checksums {
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;
    private static final int ICMP_CHECKSUM = 2;

    private Checksums() {}

    /**
     * True when the IPv4 header at {@code offset} has a valid IHL, lies inside the segment and its
     * checksum verifies. Never throws.
     */
    public static boolean verifyIpv4Header(MemorySegment s, long offset) {
        int length = ipv4HeaderLength(s, offset);
        return length > 0 && InternetChecksum.verifies(InternetChecksum.add(0, s, offset, length));
    }

    /** Computes and stores the checksum of the IPv4 header at {@code offset}; false if it is not one. */
    public static boolean fillIpv4Header(MemorySegment s, long offset) {
        int length = ipv4HeaderLength(s, offset);
        if (length == 0) {
            return false;
        }
        Wire.putU16(s, offset + 10, 0);
        Wire.putU16(s, offset + 10, InternetChecksum.compute(s, offset, length));
        return true;
    }

    private static int ipv4HeaderLength(MemorySegment s, long offset) {
        if (offset < 0 || offset + 20 > s.byteSize()) {
            return 0;
        }
        int length = (Wire.u8(s, offset) & 0x0F) << 2;
        if (Wire.u8(s, offset) >>> 4 != 4 || length < 20 || offset + length > s.byteSize()) {
            return 0;
        }
        return length;
    }

    /** The pseudo-header sum for {@code p}'s addresses, L4 protocol and L4 length. */
    public static long pseudoHeader(ParsedPacket p) {
        if (p.ipVersion() == 4) {
            return PseudoHeader.v4(InetAddr.v4(p.srcLo()), InetAddr.v4(p.dstLo()), p.protocol(), p.l4Length());
        }
        return PseudoHeader.v6(p.srcHi(), p.srcLo(), p.dstHi(), p.dstLo(), p.protocol(), p.l4Length());
    }

    /**
     * True when the L4 checksum of {@code p} verifies. UDP over IPv4 with checksum 0 verifies (none
     * was sent); over IPv6 it does not (RFC 8200 §8.1). False when not applicable (see class comment).
     */
    public static boolean verifyL4(ParsedPacket p) {
        int field = checksumField(p);
        if (field < 0) {
            return false;
        }
        MemorySegment s = p.segment();
        if (p.protocol() == IpProtocol.UDP && Wire.u16(s, p.l4Offset() + field) == UdpChecksum.NONE) {
            return p.isIpv4();
        }
        return InternetChecksum.verifies(sum(p));
    }

    /**
     * The checksum {@code p}'s L4 header should carry, computed in full (the stored field does not
     * count), with a UDP zero sent as 0xFFFF; -1 when not applicable.
     */
    public static int computeL4(ParsedPacket p) {
        int field = checksumField(p);
        if (field < 0) {
            return -1;
        }
        int stored = Wire.u16(p.segment(), p.l4Offset() + field);
        // Adding ~stored takes the stored value out of the sum without writing to the frame.
        int check = InternetChecksum.finish(sum(p) + (~stored & 0xFFFF));
        return p.protocol() == IpProtocol.UDP ? UdpChecksum.transmitted(check) : check;
    }

    /** Computes and stores {@code p}'s L4 checksum; false when not applicable. */
    public static boolean fillL4(ParsedPacket p) {
        int check = computeL4(p);
        if (check < 0) {
            return false;
        }
        Wire.putU16(p.segment(), p.l4Offset() + checksumField(p), check);
        return true;
    }

    private static long sum(ParsedPacket p) {
        long sum = InternetChecksum.add(0, p.segment(), p.l4Offset(), p.l4Length());
        if (p.protocol() != IpProtocol.ICMP) {
            sum += pseudoHeader(p);
        }
        return sum;
    }

    /** Offset of the checksum field within the L4 header, or -1 when this packet has none to check. */
    private static int checksumField(ParsedPacket p) {
        if (p.isQuoted() || p.isFragment() || p.l4Offset() < 0) {
            return -1;
        }
        int protocol = p.protocol();
        if (protocol == IpProtocol.TCP && p.tcpHeaderLength() > 0) {
            return TCP_CHECKSUM;
        }
        if (protocol == IpProtocol.UDP && p.hasPorts()) {
            return UDP_CHECKSUM;
        }
        if (protocol == IpProtocol.ICMP && p.isIpv4() && p.icmpType() >= 0) {
            return ICMP_CHECKSUM;
        }
        if (protocol == IpProtocol.ICMPV6 && p.isIpv6() && p.icmpType() >= 0) {
            return ICMP_CHECKSUM;
        }
        return -1;
    }
}
