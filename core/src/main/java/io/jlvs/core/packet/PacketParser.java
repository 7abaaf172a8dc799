package io.jlvs.core.packet;

import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.net.InetAddr;
import java.lang.foreign.MemorySegment;

/**
 * Decodes a frame into a {@link ParsedPacket}: Ethernet and VLAN tags, ARP or IPv4/IPv6 (extension
 * headers walked), then TCP, UDP, ICMP or ICMPv6.
 *
 * <p>Every read is preceded by a bounds check against the frame length, so any byte sequence gives a
 * {@link ParseResult} and none throws. Checks made here are the ones a receiving host makes before a
 * packet may be classified: version, IHL, total length, IPv4 header checksum (RFC 1122 §3.2.1.2), TCP
 * data offset and option lengths, UDP length. L4 checksums are not verified here (the kernel has
 * usually done it, and it costs a pass over the payload); {@link io.jlvs.core.checksum.Checksums#verifyL4}
 * does it on demand.
 *
 * <p>Fragments: a first fragment decodes like a datagram (its L4 header is present; RFC 1858 §3 makes
 * a first fragment too short for the TCP header a drop) with {@link ParsedPacket#isFragment()} set.
 * A later fragment is {@link ParseResult#IP_FRAGMENT}: without ports it cannot be matched to a
 * connection or scheduled.
 */
public final class PacketParser {
    private PacketParser() {}

    /**
     * Decodes the frame of {@code length} bytes at {@code offset} in {@code segment} into {@code out}.
     * Returns {@link ParseResult#OK} or the drop reason.
     */
    public static int parse(MemorySegment segment, long offset, int length, ParsedPacket out) {
        out.reset(segment, offset, length);
        EthernetFrame eth = out.ethernet();
        int result = eth.decode();
        if (result != ParseResult.OK) {
            return result;
        }
        out.dstMac = eth.dst();
        out.srcMac = eth.src();
        out.vlanCount = eth.tagCount();
        if (out.vlanCount > 0) {
            out.outerVlanTci = eth.tci(0);
            if (out.vlanCount > 1) {
                out.innerVlanTci = eth.tci(1);
            }
        }
        out.etherType = eth.etherType();
        long l3 = eth.l3Offset();
        long end = offset + length;
        out.l3Offset = l3;
        return switch (out.etherType) {
            case EtherType.IPV4 -> ipv4(segment, l3, end, out, false);
            case EtherType.IPV6 -> ipv6(segment, l3, end, out, false);
            case EtherType.ARP -> arp(segment, l3, end, out);
            default -> ParseResult.UNSUPPORTED_ETHERTYPE;
        };
    }

    /**
     * Decodes the datagram quoted by an ICMP or ICMPv6 error in {@code outer} into {@code inner}: its
     * addresses, protocol and ports (and TCP sequence number), which identify the flow the error is
     * about, as IPVS does to relay errors ({@code ip_vs_in_icmp}). The quote is usually cut short
     * (RFC 792: the IP header and 64 bits of data), so only what is present is required; the quoted
     * datagram's lengths and checksums are not checked. {@code inner.l2} fields stay unset.
     *
     * <p>Returns {@link ParseResult#OK}; {@link ParseResult#BAD_ICMP_QUOTE} when {@code outer} is not
     * an ICMP error or the quote is not an IP header of the same family; {@link
     * ParseResult#TRUNCATED_ICMP_QUOTE} when it is too short to hold the ports; {@link
     * ParseResult#IP_FRAGMENT} when the quoted datagram is a non-first fragment.
     */
    public static int parseQuoted(ParsedPacket outer, ParsedPacket inner) {
        boolean v4Error = outer.ipVersion == 4
                && outer.protocol == IpProtocol.ICMP
                && outer.icmpType >= 0
                && IcmpHeader.isError(outer.icmpType);
        boolean v6Error = outer.ipVersion == 6
                && outer.protocol == IpProtocol.ICMPV6
                && outer.icmpType >= 0
                && Icmpv6Header.isError(outer.icmpType);
        if ((!v4Error && !v6Error) || outer.quoted) {
            return ParseResult.BAD_ICMP_QUOTE;
        }
        long quote = outer.l4Offset + IcmpHeader.LENGTH;
        long end = outer.l4Offset + outer.l4Length;
        inner.reset(outer.segment, quote, (int) (end - quote));
        inner.quoted = true;
        inner.l3Offset = quote;
        if (v4Error) {
            inner.etherType = EtherType.IPV4;
            return ipv4(outer.segment, quote, end, inner, true);
        }
        inner.etherType = EtherType.IPV6;
        return ipv6(outer.segment, quote, end, inner, true);
    }

    private static int arp(MemorySegment s, long l3, long end, ParsedPacket p) {
        if (l3 + ArpPacket.LENGTH > end) {
            return ParseResult.TRUNCATED_ARP;
        }
        ArpPacket arp = p.arp();
        if (!arp.isEthernetIpv4()) {
            return ParseResult.BAD_ARP;
        }
        p.arpOperation = arp.operation();
        p.srcLo = InetAddr.v4Lo(arp.senderIp());
        p.dstLo = InetAddr.v4Lo(arp.targetIp());
        return ParseResult.OK;
    }

    private static int ipv4(MemorySegment s, long l3, long end, ParsedPacket p, boolean quoted) {
        if (l3 + Ipv4Header.MIN_LENGTH > end) {
            return quoted ? ParseResult.TRUNCATED_ICMP_QUOTE : ParseResult.TRUNCATED_IP;
        }
        int versionIhl = Wire.u8(s, l3);
        if (versionIhl >>> 4 != 4) {
            return quoted ? ParseResult.BAD_ICMP_QUOTE : ParseResult.BAD_IP_VERSION;
        }
        int headerLength = (versionIhl & 0x0F) << 2;
        if (headerLength < Ipv4Header.MIN_LENGTH) {
            return quoted ? ParseResult.BAD_ICMP_QUOTE : ParseResult.BAD_IHL;
        }
        if (l3 + headerLength > end) {
            return quoted ? ParseResult.TRUNCATED_ICMP_QUOTE : ParseResult.BAD_IHL;
        }
        int totalLength = Wire.u16(s, l3 + 2);
        if (totalLength < headerLength) {
            return quoted ? ParseResult.BAD_ICMP_QUOTE : ParseResult.BAD_IP_TOTAL_LENGTH;
        }
        long datagramEnd = l3 + totalLength;
        if (datagramEnd > end) {
            if (!quoted) {
                return ParseResult.TRUNCATED_IP;
            }
            datagramEnd = end;
        }
        if (!quoted && !InternetChecksum.verifies(InternetChecksum.add(0, s, l3, headerLength))) {
            return ParseResult.IP_CHECKSUM_BAD;
        }
        p.ipVersion = 4;
        p.ipHeaderLength = headerLength;
        p.ipTotalLength = totalLength;
        p.hopLimit = Wire.u8(s, l3 + 8);
        p.srcLo = InetAddr.v4Lo(Wire.i32(s, l3 + 12));
        p.dstLo = InetAddr.v4Lo(Wire.i32(s, l3 + 16));
        int protocol = Wire.u8(s, l3 + 9);
        p.protocol = protocol;
        int fragmentWord = Wire.u16(s, l3 + 6);
        p.fragmentId = Wire.u16(s, l3 + 4);
        p.dontFragment = (fragmentWord & Ipv4Header.FLAG_DF) != 0;
        p.moreFragments = (fragmentWord & Ipv4Header.FLAG_MF) != 0;
        p.fragmentOffset = (fragmentWord & Ipv4Header.OFFSET_MASK) << 3;
        p.fragment = p.moreFragments || p.fragmentOffset != 0;
        if (p.fragmentOffset != 0) {
            return ParseResult.IP_FRAGMENT;
        }
        return l4(s, protocol, l3 + headerLength, datagramEnd, p, quoted);
    }

    private static int ipv6(MemorySegment s, long l3, long end, ParsedPacket p, boolean quoted) {
        if (l3 + Ipv6Header.LENGTH > end) {
            return quoted ? ParseResult.TRUNCATED_ICMP_QUOTE : ParseResult.TRUNCATED_IP;
        }
        if (Wire.u8(s, l3) >>> 4 != 6) {
            return quoted ? ParseResult.BAD_ICMP_QUOTE : ParseResult.BAD_IP_VERSION;
        }
        int payloadLength = Wire.u16(s, l3 + 4);
        if (payloadLength == 0) {
            // Zero means a jumbogram (RFC 2675), which needs a hop-by-hop option and a >64 KiB link.
            return quoted ? ParseResult.BAD_ICMP_QUOTE : ParseResult.BAD_IP_TOTAL_LENGTH;
        }
        long datagramEnd = l3 + Ipv6Header.LENGTH + payloadLength;
        if (datagramEnd > end) {
            if (!quoted) {
                return ParseResult.TRUNCATED_IP;
            }
            datagramEnd = end;
        }
        p.ipVersion = 6;
        p.ipTotalLength = Ipv6Header.LENGTH + payloadLength;
        p.hopLimit = Wire.u8(s, l3 + 7);
        p.srcHi = Wire.i64(s, l3 + 8);
        p.srcLo = Wire.i64(s, l3 + 16);
        p.dstHi = Wire.i64(s, l3 + 24);
        p.dstLo = Wire.i64(s, l3 + 32);
        Ipv6Header ip = p.ipv6();
        int result = ip.walkExtensions(datagramEnd);
        if (result != ParseResult.OK) {
            return quoted ? ParseResult.TRUNCATED_ICMP_QUOTE : result;
        }
        long upper = ip.upperOffset();
        p.ipHeaderLength = (int) (upper - l3);
        p.protocol = ip.upperProtocol();
        if (ip.hasFragmentHeader()) {
            p.fragment = ip.isFragment();
            p.moreFragments = ip.moreFragments();
            p.fragmentOffset = ip.fragmentOffset();
            p.fragmentId = ip.fragmentId();
            if (p.fragmentOffset != 0) {
                return ParseResult.IP_FRAGMENT;
            }
        }
        return l4(s, ip.upperProtocol(), upper, datagramEnd, p, quoted);
    }

    private static int l4(MemorySegment s, int protocol, long l4, long datagramEnd, ParsedPacket p, boolean quoted) {
        p.protocol = protocol;
        p.l4Offset = l4;
        int available = (int) (datagramEnd - l4);
        p.l4Length = available;
        if (protocol == IpProtocol.TCP) {
            return quoted ? quotedTcp(s, l4, available, p) : tcp(s, l4, available, p);
        }
        if (protocol == IpProtocol.UDP) {
            return udp(s, l4, available, p, quoted);
        }
        if ((protocol == IpProtocol.ICMP && p.ipVersion == 4) || (protocol == IpProtocol.ICMPV6 && p.ipVersion == 6)) {
            return icmp(s, l4, available, p, quoted);
        }
        p.payloadOffset = l4;
        p.payloadLength = available;
        return ParseResult.OK;
    }

    private static int tcp(MemorySegment s, long l4, int available, ParsedPacket p) {
        if (available < TcpHeader.MIN_LENGTH) {
            return ParseResult.TRUNCATED_L4;
        }
        p.srcPort = Wire.u16(s, l4);
        p.dstPort = Wire.u16(s, l4 + 2);
        p.hasPorts = true;
        p.seq = Wire.i32(s, l4 + 4);
        p.ack = Wire.i32(s, l4 + 8);
        p.tcpFlags = Wire.u8(s, l4 + 13);
        p.window = Wire.u16(s, l4 + 14);
        int headerLength = (Wire.u8(s, l4 + 12) >>> 4) << 2;
        if (headerLength < TcpHeader.MIN_LENGTH || headerLength > available) {
            return ParseResult.BAD_TCP_DATA_OFFSET;
        }
        p.tcpHeaderLength = headerLength;
        if (headerLength > TcpHeader.MIN_LENGTH && p.tcpOptions().validate() != ParseResult.OK) {
            return ParseResult.BAD_TCP_OPTION;
        }
        p.payloadOffset = l4 + headerLength;
        p.payloadLength = available - headerLength;
        return ParseResult.OK;
    }

    /** RFC 792 guarantees 8 bytes of a quoted datagram: ports and sequence number. */
    private static int quotedTcp(MemorySegment s, long l4, int available, ParsedPacket p) {
        if (available < 8) {
            return ParseResult.TRUNCATED_ICMP_QUOTE;
        }
        p.srcPort = Wire.u16(s, l4);
        p.dstPort = Wire.u16(s, l4 + 2);
        p.hasPorts = true;
        p.seq = Wire.i32(s, l4 + 4);
        if (available >= 12) {
            p.ack = Wire.i32(s, l4 + 8);
        }
        if (available >= 14) {
            p.tcpFlags = Wire.u8(s, l4 + 13);
        }
        return ParseResult.OK;
    }

    private static int udp(MemorySegment s, long l4, int available, ParsedPacket p, boolean quoted) {
        if (available < UdpHeader.LENGTH) {
            return quoted ? ParseResult.TRUNCATED_ICMP_QUOTE : ParseResult.TRUNCATED_L4;
        }
        p.srcPort = Wire.u16(s, l4);
        p.dstPort = Wire.u16(s, l4 + 2);
        p.hasPorts = true;
        p.payloadOffset = l4 + UdpHeader.LENGTH;
        if (quoted) {
            p.payloadLength = available - UdpHeader.LENGTH;
            return ParseResult.OK;
        }
        int udpLength = Wire.u16(s, l4 + 4);
        if (udpLength < UdpHeader.LENGTH) {
            return ParseResult.BAD_UDP_LENGTH;
        }
        if (!p.fragment) {
            // A UDP length shorter than the IP payload leaves trailing octets that are not UDP's
            // (Linux trims them); longer is a lie about data that is not there.
            if (udpLength > available) {
                return ParseResult.BAD_UDP_LENGTH;
            }
            p.l4Length = udpLength;
        }
        p.payloadLength = p.l4Length - UdpHeader.LENGTH;
        return ParseResult.OK;
    }

    private static int icmp(MemorySegment s, long l4, int available, ParsedPacket p, boolean quoted) {
        if (quoted) {
            if (available >= 2) {
                p.icmpType = Wire.u8(s, l4);
                p.icmpCode = Wire.u8(s, l4 + 1);
            }
            return ParseResult.OK;
        }
        if (available < IcmpHeader.LENGTH) {
            return ParseResult.TRUNCATED_L4;
        }
        p.icmpType = Wire.u8(s, l4);
        p.icmpCode = Wire.u8(s, l4 + 1);
        p.payloadOffset = l4 + IcmpHeader.LENGTH;
        p.payloadLength = available - IcmpHeader.LENGTH;
        return ParseResult.OK;
    }
}
