package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import io.jlvs.core.checksum.UdpChecksum;
import io.jlvs.core.net.InetAddr;

/**
 * In-place rewrites of a parsed packet's addresses, ports and sequence numbers, with every checksum
 * the field is part of updated incrementally (RFC 1624): the IPv4 header checksum for addresses, and
 * the TCP, UDP or ICMPv6 checksum through its pseudo-header. These are the NAT and FULLNAT header
 * edits of DESIGN §4; the {@link ParsedPacket} fields follow the packet so a later step sees the new
 * values.
 *
 * <p>Each method returns false, changing nothing, when the rewrite does not apply: an address of the
 * other family, ports on a protocol without them, sequence numbers on non-TCP, or a packet quoted in
 * an ICMP error (whose checksums are fixed differently, by the ICMP relay). A first fragment is
 * rewritten like a whole datagram: its L4 checksum covers the reassembled datagram, and an
 * incremental update stays correct for it.
 */
public final class PacketRewriter {
    private PacketRewriter() {}

    /** Rewrites the source address (FULLNAT: client → local address; NAT reply: real server → VIP). */
    public static boolean srcAddress(ParsedPacket p, long hi, long lo) {
        if (!addressApplies(p, hi, lo)) {
            return false;
        }
        if (p.ipVersion == 4) {
            int old = InetAddr.v4(p.srcLo);
            int addr = InetAddr.v4(lo);
            p.ipv4().rewriteSrc(addr);
            l4Address32(p, old, addr);
        } else {
            int check = l4Check(p);
            if (check >= 0) {
                setL4Check(p, p.ipv6().rewriteSrc(hi, lo, check));
            } else {
                p.ipv6().src(hi, lo);
            }
        }
        p.srcHi = hi;
        p.srcLo = lo;
        return true;
    }

    /** Rewrites the destination address (NAT/FULLNAT: VIP → real server). */
    public static boolean dstAddress(ParsedPacket p, long hi, long lo) {
        if (!addressApplies(p, hi, lo)) {
            return false;
        }
        if (p.ipVersion == 4) {
            int old = InetAddr.v4(p.dstLo);
            int addr = InetAddr.v4(lo);
            p.ipv4().rewriteDst(addr);
            l4Address32(p, old, addr);
        } else {
            int check = l4Check(p);
            if (check >= 0) {
                setL4Check(p, p.ipv6().rewriteDst(hi, lo, check));
            } else {
                p.ipv6().dst(hi, lo);
            }
        }
        p.dstHi = hi;
        p.dstLo = lo;
        return true;
    }

    public static boolean srcPort(ParsedPacket p, int port) {
        if (!p.hasPorts || p.quoted) {
            return false;
        }
        if (p.protocol == IpProtocol.TCP) {
            p.tcp().rewriteSrcPort(port);
        } else {
            p.udp().rewriteSrcPort(port);
        }
        p.srcPort = port;
        return true;
    }

    public static boolean dstPort(ParsedPacket p, int port) {
        if (!p.hasPorts || p.quoted) {
            return false;
        }
        if (p.protocol == IpProtocol.TCP) {
            p.tcp().rewriteDstPort(port);
        } else {
            p.udp().rewriteDstPort(port);
        }
        p.dstPort = port;
        return true;
    }

    /** Sets the TCP sequence number (FULLNAT / SYNPROXY sequence delta). */
    public static boolean seq(ParsedPacket p, int seq) {
        if (!isTcp(p)) {
            return false;
        }
        p.tcp().rewriteSeq(seq);
        p.seq = seq;
        return true;
    }

    /** Sets the TCP acknowledgement number (the reverse of a sequence delta). */
    public static boolean ack(ParsedPacket p, int ack) {
        if (!isTcp(p)) {
            return false;
        }
        p.tcp().rewriteAck(ack);
        p.ack = ack;
        return true;
    }

    private static boolean isTcp(ParsedPacket p) {
        return p.protocol == IpProtocol.TCP && p.hasPorts && !p.quoted && p.tcpHeaderLength > 0;
    }

    private static boolean addressApplies(ParsedPacket p, long hi, long lo) {
        if (p.quoted) {
            return false;
        }
        if (p.ipVersion == 4) {
            return InetAddr.isV4(hi, lo);
        }
        return p.ipVersion == 6;
    }

    /** Adjusts a TCP/UDP checksum for an IPv4 pseudo-header address change; ICMP has no pseudo-header. */
    private static void l4Address32(ParsedPacket p, int oldAddr, int newAddr) {
        if (!p.hasPorts) {
            return;
        }
        if (p.protocol == IpProtocol.TCP) {
            TcpHeader tcp = p.tcp();
            tcp.checksum(IncrementalChecksum.update32(tcp.checksum(), oldAddr, newAddr));
        } else {
            UdpHeader udp = p.udp();
            udp.checksum(UdpChecksum.update32(udp.checksum(), oldAddr, newAddr));
        }
    }

    /** The IPv6 L4 checksum covering the pseudo-header, or -1 when there is none to adjust. */
    private static int l4Check(ParsedPacket p) {
        if (p.hasPorts) {
            return p.protocol == IpProtocol.TCP ? p.tcp().checksum() : p.udp().checksum();
        }
        if (p.protocol == IpProtocol.ICMPV6 && p.icmpType >= 0) {
            return p.icmpv6().checksum();
        }
        return -1;
    }

    private static void setL4Check(ParsedPacket p, int check) {
        if (p.protocol == IpProtocol.TCP) {
            p.tcp().checksum(check);
        } else if (p.protocol == IpProtocol.UDP) {
            UdpHeader udp = p.udp();
            // An IPv6 UDP checksum of 0 is invalid and stays so; a computed 0 goes out as 0xFFFF.
            udp.checksum(udp.checksum() == UdpChecksum.NONE ? UdpChecksum.NONE : UdpChecksum.transmitted(check));
        } else {
            p.icmpv6().checksum(check);
        }
    }
}
