package io.jlvs.core.packet;

import io.jlvs.core.net.InetAddr;
import java.lang.foreign.MemorySegment;

/**
 * One decoded frame: where each layer starts and the fields the data plane classifies on.
 *
 * <p>Mutable and reused: a worker owns one instance (two with an ICMP quote) and {@link PacketParser}
 * refills it for every frame, so decoding allocates nothing. Offsets are absolute offsets into
 * {@link #segment()}, ready for the header flyweights, which this class also hands out already
 * wrapped ({@link #tcp()} etc.; one instance of each, re-pointed on every call). Addresses are (hi,
 * lo) pairs in {@link InetAddr} form for both families. When parsing fails, the fields of the layers
 * decoded before the failure stay set and the rest are reset, so a drop can still be attributed.
 */
public final class ParsedPacket {
    MemorySegment segment;
    long frameOffset;
    int frameLength;
    long dstMac;
    long srcMac;
    int vlanCount;
    int outerVlanTci;
    int innerVlanTci;
    int etherType;
    long l3Offset;
    int ipVersion;
    int ipHeaderLength;
    int ipTotalLength;
    int hopLimit;
    int protocol;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    boolean fragment;
    boolean moreFragments;
    boolean dontFragment;
    int fragmentOffset;
    int fragmentId;
    long l4Offset;
    int l4Length;
    boolean hasPorts;
    int srcPort;
    int dstPort;
    int tcpFlags;
    int seq;
    int ack;
    int window;
    int tcpHeaderLength;
    int icmpType;
    int icmpCode;
    int arpOperation;
    long payloadOffset;
    int payloadLength;
    boolean quoted;
    /**
     * The frame's {@link Offload} state. Not cleared by the parser: a packet re-parsed after it
     * grew (TOA, PROXY header) is still the same super-frame with the same partial checksum; whoever
     * parses a frame of other origin into this instance sets it ({@link #offload(long)}).
     */
    long offload;

    private final EthernetFrame ethernet = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();
    private final TcpOptions tcpOptions = new TcpOptions();
    private final UdpHeader udp = new UdpHeader();
    private final IcmpHeader icmp = new IcmpHeader();
    private final Icmpv6Header icmpv6 = new Icmpv6Header();

    /** Clears every field and remembers the frame; the parser's first step. */
    void reset(MemorySegment segment, long frameOffset, int frameLength) {
        this.segment = segment;
        this.frameOffset = frameOffset;
        this.frameLength = frameLength;
        dstMac = 0;
        srcMac = 0;
        vlanCount = 0;
        outerVlanTci = 0;
        innerVlanTci = 0;
        etherType = 0;
        l3Offset = -1;
        ipVersion = 0;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        hopLimit = 0;
        protocol = -1;
        srcHi = 0;
        srcLo = 0;
        dstHi = 0;
        dstLo = 0;
        fragment = false;
        moreFragments = false;
        dontFragment = false;
        fragmentOffset = 0;
        fragmentId = 0;
        l4Offset = -1;
        l4Length = 0;
        hasPorts = false;
        srcPort = 0;
        dstPort = 0;
        tcpFlags = 0;
        seq = 0;
        ack = 0;
        window = 0;
        tcpHeaderLength = 0;
        icmpType = -1;
        icmpCode = -1;
        arpOperation = 0;
        payloadOffset = -1;
        payloadLength = 0;
        quoted = false;
    }

    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the frame (its Ethernet header) in {@link #segment()}. */
    public long frameOffset() {
        return frameOffset;
    }

    public int frameLength() {
        return frameLength;
    }

    public long dstMac() {
        return dstMac;
    }

    public long srcMac() {
        return srcMac;
    }

    /** VLAN tags walked: 0, 1 (802.1Q) or 2 (QinQ). */
    public int vlanCount() {
        return vlanCount;
    }

    /** TCI of the outermost tag, when {@link #vlanCount()} ≥ 1. */
    public int outerVlanTci() {
        return outerVlanTci;
    }

    /** TCI of the inner tag, when {@link #vlanCount()} = 2. */
    public int innerVlanTci() {
        return innerVlanTci;
    }

    /** EtherType after the VLAN tags. */
    public int etherType() {
        return etherType;
    }

    /** Offset of the IP header (or ARP body), -1 when not reached. */
    public long l3Offset() {
        return l3Offset;
    }

    /** 4, 6, or 0 for ARP and undecoded frames. */
    public int ipVersion() {
        return ipVersion;
    }

    public boolean isIpv4() {
        return ipVersion == 4;
    }

    public boolean isIpv6() {
        return ipVersion == 6;
    }

    /** IPv4: IHL bytes; IPv6: the fixed header plus extension headers, up to the L4 header. */
    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    /** The whole IP datagram as its header says (IPv4 total length; IPv6 40 + payload length). */
    public int ipTotalLength() {
        return ipTotalLength;
    }

    /** TTL (IPv4) or hop limit (IPv6). */
    public int hopLimit() {
        return hopLimit;
    }

    /** The upper-layer protocol (IPv6: after the extension headers); -1 when not reached. */
    public int protocol() {
        return protocol;
    }

    public long srcHi() {
        return srcHi;
    }

    public long srcLo() {
        return srcLo;
    }

    public long dstHi() {
        return dstHi;
    }

    public long dstLo() {
        return dstLo;
    }

    /** Source address of an IPv4 packet (or ARP sender) as a big-endian int. */
    public int srcV4() {
        return InetAddr.v4(srcLo);
    }

    /** Destination address of an IPv4 packet (or ARP target) as a big-endian int. */
    public int dstV4() {
        return InetAddr.v4(dstLo);
    }

    /** True for a first fragment (ports present, L4 checksum not verifiable) or a later one. */
    public boolean isFragment() {
        return fragment;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    /** IPv4 DF; always false for IPv6, where routers never fragment. */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** IPv4 identification (16 bits) or IPv6 Fragment header identification (32 bits). */
    public int fragmentId() {
        return fragmentId;
    }

    /** Offset of the L4 header, -1 when not reached. */
    public long l4Offset() {
        return l4Offset;
    }

    /**
     * L4 bytes from {@link #l4Offset()} to the end of the datagram (not of the frame: Ethernet padding
     * is excluded). For unfragmented UDP this is the UDP length, which a checksum covers.
     */
    public int l4Length() {
        return l4Length;
    }

    /** True for TCP and UDP with their ports decoded. */
    public boolean hasPorts() {
        return hasPorts;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** The TCP flags byte (see {@link TcpHeader#SYN} etc.). */
    public int tcpFlags() {
        return tcpFlags;
    }

    public int seq() {
        return seq;
    }

    public int ack() {
        return ack;
    }

    public int window() {
        return window;
    }

    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    /** ICMP or ICMPv6 type; -1 for other protocols. */
    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** ARP operation for ARP frames, 0 otherwise. */
    public int arpOperation() {
        return arpOperation;
    }

    /** Offset of the L4 payload (after TCP options, the UDP header, the ICMP header). */
    public long payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /**
     * True when this packet was decoded from inside an ICMP error by {@link PacketParser#parseQuoted}:
     * it may be cut short, and its checksums are not to be checked or fixed incrementally.
     */
    public boolean isQuoted() {
        return quoted;
    }

    /** The {@link Offload} state the frame arrived with (or was given). */
    public long offload() {
        return offload;
    }

    public void offload(long offload) {
        this.offload = offload;
    }

    /** True for a GSO super-frame ({@link Offload#isSuper}). */
    public boolean isSuperFrame() {
        return Offload.isSuper(offload);
    }

    public EthernetFrame ethernet() {
        return ethernet.wrap(segment, frameOffset, frameLength);
    }

    public ArpPacket arp() {
        return arp.wrap(segment, l3Offset);
    }

    public Ipv4Header ipv4() {
        return ipv4.wrap(segment, l3Offset);
    }

    public Ipv6Header ipv6() {
        return ipv6.wrap(segment, l3Offset);
    }

    public TcpHeader tcp() {
        return tcp.wrap(segment, l4Offset);
    }

    /** The options of the TCP header, as long as its data offset says. */
    public TcpOptions tcpOptions() {
        return tcpOptions.wrap(segment, l4Offset, Math.max(0, tcpHeaderLength - TcpHeader.MIN_LENGTH));
    }

    public UdpHeader udp() {
        return udp.wrap(segment, l4Offset);
    }

    public IcmpHeader icmp() {
        return icmp.wrap(segment, l4Offset);
    }

    public Icmpv6Header icmpv6() {
        return icmpv6.wrap(segment, l4Offset, l4Length);
    }

    /** Debugging text; control plane only. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParsedPacket{ethertype=0x").append(Integer.toHexString(etherType));
        if (vlanCount > 0) {
            sb.append(", vlans=").append(vlanCount);
        }
        if (ipVersion != 0) {
            sb.append(", ipv").append(ipVersion).append(' ');
            sb.append(InetAddr.format(srcHi, srcLo)).append(" -> ").append(InetAddr.format(dstHi, dstLo));
            sb.append(", proto=").append(protocol);
        }
        if (hasPorts) {
            sb.append(", ports=").append(srcPort).append("->").append(dstPort);
        }
        if (protocol == IpProtocol.TCP && hasPorts) {
            sb.append(", flags=0x").append(Integer.toHexString(tcpFlags));
        }
        if (icmpType >= 0) {
            sb.append(", icmp=").append(icmpType).append('/').append(icmpCode);
        }
        if (fragment) {
            sb.append(", fragment@").append(fragmentOffset);
        }
        if (quoted) {
            sb.append(", quoted");
        }
        return sb.append('}').toString();
    }
}
