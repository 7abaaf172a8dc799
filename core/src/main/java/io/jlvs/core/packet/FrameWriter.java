package io.jlvs.core.packet;

import io.jlvs.core.checksum.InternetChecksum;
import io.jlvs.core.checksum.PseudoHeader;
import io.jlvs.core.checksum.UdpChecksum;
import io.jlvs.core.net.InetAddr;
import java.lang.foreign.MemorySegment;

/**
 * Writes frames the director originates (ARP replies and announcements, neighbour advertisements,
 * RSTs, SYN-ACKs, ICMP errors, IPIP outer headers) layer by layer into frame memory, then fills the
 * lengths and checksums in {@link #finish}.
 *
 * <pre>{@code
 * int len = writer.begin(tx, off, cap)
 *         .ethernet(clientMac, ourMac)
 *         .ipv4(vip, client)
 *         .tcp(vport, cport, seq, ack, TcpHeader.SYN | TcpHeader.ACK, 65535)
 *         .mss(1460).sackPermitted().windowScale(7)
 *         .finish();
 * }</pre>
 *
 * <p>A worker owns one writer and reuses it; nothing is allocated. Layers go in order: Ethernet
 * (optional, with VLAN tags), then ARP or one IP header, then one of TCP (options right after it),
 * UDP, ICMP, ICMPv6 or an opaque {@link #ipPayload}, then payload bytes. Running out of capacity is
 * not an exception: the writer stops writing and {@link #finish} returns {@link #OVERFLOW} ({@link
 * #INVALID} for layers out of order). Frames
 * are not padded to the 60-byte Ethernet minimum; the kernel or NIC pads on transmit.
 */
public final class FrameWriter {
    /** {@link #finish} result when the frame did not fit (or the TCP options exceeded 40 bytes). */
    public static final int OVERFLOW = -1;
    /**
     * {@link #finish} result when layers were written out of order: a VLAN tag without an Ethernet
     * header, an L4 header without an IP header, ICMP over IPv6 or ICMPv6 over IPv4, TCP options not
     * directly after a TCP header. A bug in the caller, reported like a full frame so that the packet
     * path still never throws.
     */
    public static final int INVALID = -2;
    /** RFC 1812 §4.3.2.3: an ICMP error datagram should not exceed 576 bytes. */
    public static final int ICMP_ERROR_MAX = 576;
    /** RFC 4443 §2.4(c): an ICMPv6 error must not exceed the minimum IPv6 MTU. */
    public static final int ICMPV6_ERROR_MAX = 1280;

    public static final int DEFAULT_TTL = 64;

    /** IANA's reserved protocol 255 marks an IPv4 header whose payload layer was never declared. */
    private static final int RESERVED_PROTOCOL = 255;

    private static final int L3_NONE = 0;
    private static final int L3_ARP = 1;
    private static final int L3_IPV4 = 4;
    private static final int L3_IPV6 = 6;

    private static final int L4_NONE = 0;
    private static final int L4_TCP = 1;
    private static final int L4_UDP = 2;
    private static final int L4_ICMP = 3;
    private static final int L4_ICMPV6 = 4;
    private static final int L4_RAW = 5;

    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();
    private final IcmpHeader icmp = new IcmpHeader();
    private final Icmpv6Header icmpv6 = new Icmpv6Header();
    private final ArpPacket arp = new ArpPacket();

    private MemorySegment segment;
    private long base;
    private long limit;
    private long pos;
    private int failure;
    private long etherTypeAt;
    private int l3Kind;
    private long l3Offset;
    private int l4Kind;
    private long l4Offset;
    private boolean tcpOptionsOpen;

    /** Starts a frame at {@code offset}, writing at most {@code capacity} bytes. */
    public FrameWriter begin(MemorySegment segment, long offset, int capacity) {
        this.segment = segment;
        this.base = offset;
        this.pos = offset;
        boolean outside = offset < 0 || offset > segment.byteSize() || capacity < 0;
        this.failure = outside ? OVERFLOW : 0;
        this.limit = outside ? offset : Math.min(offset + capacity, segment.byteSize());
        this.etherTypeAt = -1;
        this.l3Kind = L3_NONE;
        this.l3Offset = -1;
        this.l4Kind = L4_NONE;
        this.l4Offset = -1;
        this.tcpOptionsOpen = false;
        return this;
    }

    /** Where the next byte goes: a caller may write payload here before {@link #payloadInPlace}. */
    public long cursor() {
        return pos;
    }

    /** True once a write did not fit or a layer was out of order. */
    public boolean failed() {
        return failure != 0;
    }

    private boolean reserve(int bytes) {
        if (failure != 0) {
            return false;
        }
        if (pos + bytes > limit) {
            failure = OVERFLOW;
            return false;
        }
        return true;
    }

    /** Reserves room for the one network-layer header of the frame. */
    private boolean reserveL3(int bytes) {
        if (l3Kind != L3_NONE && failure == 0) {
            failure = INVALID;
        }
        return reserve(bytes);
    }

    /** Reserves room for a layer that must follow {@code requiredL3} (an L3_* kind, or -1 for any IP). */
    private boolean reserveAfter(int requiredL3, int bytes) {
        boolean ok = requiredL3 < 0 ? l3Kind == L3_IPV4 || l3Kind == L3_IPV6 : l3Kind == requiredL3;
        if (!ok && failure == 0) {
            failure = INVALID;
        }
        return reserve(bytes);
    }

    private void etherType(int type) {
        if (etherTypeAt >= 0) {
            Wire.putU16(segment, etherTypeAt, type);
        }
    }

    /** Ethernet II header; its EtherType is set by the next layer. */
    public FrameWriter ethernet(long dstMac, long srcMac) {
        if (reserve(EthernetFrame.HEADER_LENGTH)) {
            Wire.putMac(segment, pos, dstMac);
            Wire.putMac(segment, pos + 6, srcMac);
            Wire.putU16(segment, pos + 12, 0);
            etherTypeAt = pos + 12;
            pos += EthernetFrame.HEADER_LENGTH;
        }
        return this;
    }

    /** A VLAN tag after the Ethernet header (outermost first): TPID {@code tagProtocol}, TCI {@code tci}. */
    public FrameWriter vlan(int tagProtocol, int tci) {
        if (etherTypeAt < 0 || l3Kind != L3_NONE) {
            failure = failure == 0 ? INVALID : failure;
            return this;
        }
        if (reserve(EthernetFrame.VLAN_TAG_LENGTH)) {
            Wire.putU16(segment, etherTypeAt, tagProtocol);
            Wire.putU16(segment, etherTypeAt + 2, tci);
            etherTypeAt += EthernetFrame.VLAN_TAG_LENGTH;
            Wire.putU16(segment, etherTypeAt, 0);
            pos += EthernetFrame.VLAN_TAG_LENGTH;
        }
        return this;
    }

    /** An Ethernet/IPv4 ARP body. */
    public FrameWriter arp(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
        if (reserveL3(ArpPacket.LENGTH)) {
            etherType(EtherType.ARP);
            arp.wrap(segment, pos).write(operation, senderMac, senderIp, targetMac, targetIp);
            l3Kind = L3_ARP;
            l3Offset = pos;
            pos += ArpPacket.LENGTH;
        }
        return this;
    }

    /**
     * A gratuitous ARP announcement (RFC 5227 §3): a broadcast request whose sender and target
     * addresses are both {@code ip}, so neighbours update their caches after a VIP moves here.
     */
    public FrameWriter gratuitousArp(long mac, int ip) {
        return ethernet(MacAddr.BROADCAST, mac).arp(ArpPacket.OP_REQUEST, mac, ip, 0, ip);
    }

    /** IPv4 header with TTL 64, TOS 0, ID 0 and DF set (RFC 6864: DF datagrams need no unique ID). */
    public FrameWriter ipv4(int src, int dst) {
        return ipv4(src, dst, DEFAULT_TTL, 0, 0, true);
    }

    public FrameWriter ipv4(int src, int dst, int ttl, int tos, int id, boolean dontFragment) {
        if (reserveL3(Ipv4Header.MIN_LENGTH)) {
            etherType(EtherType.IPV4);
            ipv4.wrap(segment, pos)
                    .write(tos, 0, id, dontFragment ? Ipv4Header.FLAG_DF : 0, ttl, RESERVED_PROTOCOL, src, dst);
            l3Kind = L3_IPV4;
            l3Offset = pos;
            pos += Ipv4Header.MIN_LENGTH;
        }
        return this;
    }

    /** IPv6 header with hop limit 64, traffic class and flow label 0. */
    public FrameWriter ipv6(long srcHi, long srcLo, long dstHi, long dstLo) {
        return ipv6(srcHi, srcLo, dstHi, dstLo, DEFAULT_TTL, 0, 0);
    }

    public FrameWriter ipv6(
            long srcHi, long srcLo, long dstHi, long dstLo, int hopLimit, int trafficClass, int flowLabel) {
        if (reserveL3(Ipv6Header.LENGTH)) {
            etherType(EtherType.IPV6);
            ipv6.wrap(segment, pos)
                    .write(trafficClass, flowLabel, 0, IpProtocol.IPV6_NONXT, hopLimit, srcHi, srcLo, dstHi, dstLo);
            l3Kind = L3_IPV6;
            l3Offset = pos;
            pos += Ipv6Header.LENGTH;
        }
        return this;
    }

    /** An IPv4 header when both addresses are IPv4-mapped, else IPv6; addresses in InetAddr form. */
    public FrameWriter ip(long srcHi, long srcLo, long dstHi, long dstLo) {
        if (InetAddr.isV4(srcHi, srcLo) && InetAddr.isV4(dstHi, dstLo)) {
            return ipv4(InetAddr.v4(srcLo), InetAddr.v4(dstLo));
        }
        return ipv6(srcHi, srcLo, dstHi, dstLo);
    }

    private void protocol(int protocol) {
        if (l3Kind == L3_IPV4) {
            ipv4.wrap(segment, l3Offset).protocol(protocol);
        } else if (l3Kind == L3_IPV6) {
            ipv6.wrap(segment, l3Offset).nextHeader(protocol);
        }
    }

    /**
     * Declares the IP payload opaque with this protocol number: {@link IpProtocol#IPIP} before copying
     * the inner datagram of an IPVS tunnel (-i) packet.
     */
    public FrameWriter ipPayload(int protocol) {
        if (reserveAfter(-1, 0)) {
            protocol(protocol);
            l4Kind = L4_RAW;
            l4Offset = pos;
        }
        return this;
    }

    /** TCP header without options; options may follow directly. */
    public FrameWriter tcp(int srcPort, int dstPort, int seq, int ack, int flags, int window) {
        if (reserveAfter(-1, TcpHeader.MIN_LENGTH)) {
            protocol(IpProtocol.TCP);
            tcp.wrap(segment, pos).write(srcPort, dstPort, seq, ack, TcpHeader.MIN_LENGTH, flags, window);
            l4Kind = L4_TCP;
            l4Offset = pos;
            pos += TcpHeader.MIN_LENGTH;
            tcpOptionsOpen = true;
        }
        return this;
    }

    private boolean option(int length) {
        if (!tcpOptionsOpen) {
            failure = failure == 0 ? INVALID : failure;
            return false;
        }
        return reserve(length);
    }

    /** MSS option (RFC 9293 §3.7.1). */
    public FrameWriter mss(int mss) {
        if (option(TcpOptions.MSS_LENGTH)) {
            Wire.putU8(segment, pos, TcpOptions.MSS);
            Wire.putU8(segment, pos + 1, TcpOptions.MSS_LENGTH);
            Wire.putU16(segment, pos + 2, mss);
            pos += TcpOptions.MSS_LENGTH;
        }
        return this;
    }

    /** Window scale option (RFC 7323 §2.2). */
    public FrameWriter windowScale(int shift) {
        if (option(TcpOptions.WINDOW_SCALE_LENGTH)) {
            Wire.putU8(segment, pos, TcpOptions.WINDOW_SCALE);
            Wire.putU8(segment, pos + 1, TcpOptions.WINDOW_SCALE_LENGTH);
            Wire.putU8(segment, pos + 2, shift);
            pos += TcpOptions.WINDOW_SCALE_LENGTH;
        }
        return this;
    }

    /** SACK-permitted option (RFC 2018 §2). */
    public FrameWriter sackPermitted() {
        if (option(TcpOptions.SACK_PERMITTED_LENGTH)) {
            Wire.putU8(segment, pos, TcpOptions.SACK_PERMITTED);
            Wire.putU8(segment, pos + 1, TcpOptions.SACK_PERMITTED_LENGTH);
            pos += TcpOptions.SACK_PERMITTED_LENGTH;
        }
        return this;
    }

    /** Timestamps option (RFC 7323 §3.2). */
    public FrameWriter timestamps(int tsVal, int tsEcr) {
        if (option(TcpOptions.TIMESTAMPS_LENGTH)) {
            Wire.putU8(segment, pos, TcpOptions.TIMESTAMPS);
            Wire.putU8(segment, pos + 1, TcpOptions.TIMESTAMPS_LENGTH);
            Wire.putI32(segment, pos + 2, tsVal);
            Wire.putI32(segment, pos + 6, tsEcr);
            pos += TcpOptions.TIMESTAMPS_LENGTH;
        }
        return this;
    }

    /** The head of a SACK option (RFC 2018 §3) announcing {@code blocks}; follow with that many {@link #sackBlock}. */
    public FrameWriter sack(int blocks) {
        if (option(2)) {
            Wire.putU8(segment, pos, TcpOptions.SACK);
            Wire.putU8(segment, pos + 1, 2 + blocks * TcpOptions.SACK_BLOCK_LENGTH);
            pos += 2;
        }
        return this;
    }

    public FrameWriter sackBlock(int left, int right) {
        if (option(TcpOptions.SACK_BLOCK_LENGTH)) {
            Wire.putI32(segment, pos, left);
            Wire.putI32(segment, pos + 4, right);
            pos += TcpOptions.SACK_BLOCK_LENGTH;
        }
        return this;
    }

    /** A NOP option, for aligning the next one. */
    public FrameWriter nop() {
        if (option(1)) {
            Wire.putU8(segment, pos, TcpOptions.NOP);
            pos++;
        }
        return this;
    }

    /** An option of any kind: kind, length {@code 2 + length}, then {@code length} bytes copied from {@code data}. */
    public FrameWriter tcpOption(int kind, MemorySegment data, long offset, int length) {
        if (option(2 + length)) {
            Wire.putU8(segment, pos, kind);
            Wire.putU8(segment, pos + 1, 2 + length);
            MemorySegment.copy(data, offset, segment, pos + 2, length);
            pos += 2 + length;
        }
        return this;
    }

    /** Pads the options to a 32-bit boundary with EOL/zero octets (RFC 9293 §3.1) and sets the data offset. */
    private void closeTcpOptions() {
        if (!tcpOptionsOpen) {
            return;
        }
        tcpOptionsOpen = false;
        int length = (int) (pos - l4Offset);
        int padded = (length + 3) & ~3;
        if (padded > TcpHeader.MAX_LENGTH) {
            failure = failure == 0 ? OVERFLOW : failure;
            return;
        }
        if (!reserve(padded - length)) {
            return;
        }
        for (int i = length; i < padded; i++) {
            Wire.putU8(segment, l4Offset + i, TcpOptions.EOL);
        }
        pos = l4Offset + padded;
        tcp.wrap(segment, l4Offset).headerLength(padded);
    }

    /** UDP header; its length is filled by {@link #finish}. */
    public FrameWriter udp(int srcPort, int dstPort) {
        if (reserveAfter(-1, UdpHeader.LENGTH)) {
            protocol(IpProtocol.UDP);
            udp.wrap(segment, pos).write(srcPort, dstPort, 0);
            l4Kind = L4_UDP;
            l4Offset = pos;
            pos += UdpHeader.LENGTH;
        }
        return this;
    }

    /** ICMP header; for errors follow with {@link #quote}. */
    public FrameWriter icmp(int type, int code, int restOfHeader) {
        if (reserveAfter(L3_IPV4, IcmpHeader.LENGTH)) {
            protocol(IpProtocol.ICMP);
            icmp.wrap(segment, pos).write(type, code, restOfHeader);
            l4Kind = L4_ICMP;
            l4Offset = pos;
            pos += IcmpHeader.LENGTH;
        }
        return this;
    }

    /** ICMPv6 header; {@code body} is the 4 bytes after the checksum (MTU, echo id/seq, NA flags). */
    public FrameWriter icmpv6(int type, int code, int body) {
        if (reserveAfter(L3_IPV6, Icmpv6Header.LENGTH)) {
            protocol(IpProtocol.ICMPV6);
            icmpv6.wrap(segment, pos, Icmpv6Header.LENGTH).write(type, code, body);
            l4Kind = L4_ICMPV6;
            l4Offset = pos;
            pos += Icmpv6Header.LENGTH;
        }
        return this;
    }

    /**
     * A neighbour solicitation for {@code target} with our link-layer address (RFC 4861 §4.3); the
     * IPv6 header (to the solicited-node address, hop limit 255) is the caller's.
     */
    public FrameWriter neighborSolicitation(long targetHi, long targetLo, long srcMac) {
        return icmpv6(Icmpv6Header.NEIGHBOR_SOLICITATION, 0, 0)
                .ndTarget(targetHi, targetLo)
                .ndLinkLayerOption(Icmpv6Header.OPT_SOURCE_LINK_ADDR, srcMac);
    }

    /**
     * A neighbour advertisement for {@code target} with flags ({@link Icmpv6Header#NA_SOLICITED} etc.)
     * and our link-layer address (RFC 4861 §4.4); the IPv6 header (hop limit 255) is the caller's.
     */
    public FrameWriter neighborAdvertisement(long targetHi, long targetLo, int flags, long targetMac) {
        return icmpv6(Icmpv6Header.NEIGHBOR_ADVERTISEMENT, 0, (flags & 0xFF) << 24)
                .ndTarget(targetHi, targetLo)
                .ndLinkLayerOption(Icmpv6Header.OPT_TARGET_LINK_ADDR, targetMac);
    }

    private FrameWriter ndTarget(long hi, long lo) {
        if (reserve(16)) {
            Wire.putI64(segment, pos, hi);
            Wire.putI64(segment, pos + 8, lo);
            pos += 16;
        }
        return this;
    }

    private FrameWriter ndLinkLayerOption(int type, long mac) {
        if (reserve(Icmpv6Header.LINK_ADDR_OPTION_LENGTH)) {
            Wire.putU8(segment, pos, type);
            Wire.putU8(segment, pos + 1, 1);
            Wire.putMac(segment, pos + 2, mac);
            pos += Icmpv6Header.LINK_ADDR_OPTION_LENGTH;
        }
        return this;
    }

    /** Copies {@code length} payload bytes from {@code src}. */
    public FrameWriter payload(MemorySegment src, long offset, int length) {
        closeTcpOptions();
        if (reserve(length)) {
            MemorySegment.copy(src, offset, segment, pos, length);
            pos += length;
        }
        return this;
    }

    /** Counts {@code length} bytes the caller has written (or will write before {@link #finish}) at {@link #cursor()}. */
    public FrameWriter payloadInPlace(int length) {
        closeTcpOptions();
        if (reserve(length)) {
            pos += length;
        }
        return this;
    }

    /**
     * Quotes the offending datagram in an ICMP error: as much of {@code length} bytes as keeps the
     * error within {@link #ICMP_ERROR_MAX} (IPv4) or {@link #ICMPV6_ERROR_MAX} (IPv6) bytes of IP.
     */
    public FrameWriter quote(MemorySegment src, long offset, int length) {
        int max = l3Kind == L3_IPV6 ? ICMPV6_ERROR_MAX : ICMP_ERROR_MAX;
        int room = l3Offset < 0 ? length : max - (int) (pos - l3Offset);
        return payload(src, offset, Math.max(0, Math.min(length, room)));
    }

    /** Fills lengths and checksums; returns the frame length, {@link #OVERFLOW} or {@link #INVALID}. */
    public int finish() {
        closeTcpOptions();
        if (failure != 0) {
            return failure;
        }
        int l4Length = l4Offset < 0 ? 0 : (int) (pos - l4Offset);
        long pseudo = 0;
        if (l3Kind == L3_IPV4) {
            Ipv4Header ip = ipv4.wrap(segment, l3Offset);
            ip.totalLength((int) (pos - l3Offset)).fillChecksum();
            pseudo = PseudoHeader.v4(ip.src(), ip.dst(), ip.protocol(), l4Length);
        } else if (l3Kind == L3_IPV6) {
            Ipv6Header ip = ipv6.wrap(segment, l3Offset);
            ip.payloadLength((int) (pos - l3Offset - Ipv6Header.LENGTH));
            pseudo = PseudoHeader.v6(ip.srcHi(), ip.srcLo(), ip.dstHi(), ip.dstLo(), ip.nextHeader(), l4Length);
        }
        switch (l4Kind) {
            case L4_TCP -> {
                TcpHeader h = tcp.wrap(segment, l4Offset).checksum(0);
                h.checksum(InternetChecksum.finish(InternetChecksum.add(pseudo, segment, l4Offset, l4Length)));
            }
            case L4_UDP -> {
                UdpHeader h = udp.wrap(segment, l4Offset).length(l4Length).checksum(0);
                int check = InternetChecksum.finish(InternetChecksum.add(pseudo, segment, l4Offset, l4Length));
                h.checksum(UdpChecksum.transmitted(check));
            }
            case L4_ICMP -> {
                IcmpHeader h = icmp.wrap(segment, l4Offset).checksum(0);
                h.checksum(InternetChecksum.compute(segment, l4Offset, l4Length));
            }
            case L4_ICMPV6 -> {
                Icmpv6Header h = icmpv6.wrap(segment, l4Offset, l4Length).checksum(0);
                h.checksum(InternetChecksum.finish(InternetChecksum.add(pseudo, segment, l4Offset, l4Length)));
            }
            default -> {}
        }
        return (int) (pos - base);
    }
}
