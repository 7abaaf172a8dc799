package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200 §3) and a walker over its extension header chain
 * (RFC 8200 §4). IPv6 has no header checksum, so address rewrites only touch the L4 checksum, which
 * is the caller's (see {@link PacketRewriter}).
 */
public final class Ipv6Header {
    public static final int LENGTH = 40;
    /** The Fragment header is fixed-size (RFC 8200 §4.5). */
    public static final int FRAGMENT_HEADER_LENGTH = 8;
    /**
     * Extension headers walked before a chain is refused. RFC 8200 §4.1 recommends each appear at most
     * once (destination options twice); a longer chain is an attack on the walker, not traffic.
     */
    public static final int MAX_EXTENSION_HEADERS = 8;

    private static final int VER_TC_FLOW = 0;
    private static final int PAYLOAD_LENGTH = 4;
    private static final int NEXT_HEADER = 6;
    private static final int HOP_LIMIT = 7;
    private static final int SRC = 8;
    private static final int DST = 24;

    private MemorySegment segment;
    private long offset;

    // Results of walkExtensions.
    private int upperProtocol;
    private long upperOffset;
    private long fragmentHeaderOffset;
    private int fragmentWord;
    private int fragmentId;

    public Ipv6Header wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        this.upperProtocol = -1;
        this.upperOffset = -1;
        this.fragmentHeaderOffset = -1;
        this.fragmentWord = 0;
        this.fragmentId = 0;
        return this;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }

    public int version() {
        return Wire.u8(segment, offset) >>> 4;
    }

    public int trafficClass() {
        return (Wire.i32(segment, offset + VER_TC_FLOW) >>> 20) & 0xFF;
    }

    public int flowLabel() {
        return Wire.i32(segment, offset + VER_TC_FLOW) & 0xF_FFFF;
    }

    /** Writes version 6, traffic class and flow label. */
    public Ipv6Header versionClassFlow(int trafficClass, int flowLabel) {
        Wire.putI32(segment, offset + VER_TC_FLOW, (6 << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xF_FFFF));
        return this;
    }

    /** Bytes after the fixed header, extension headers included. */
    public int payloadLength() {
        return Wire.u16(segment, offset + PAYLOAD_LENGTH);
    }

    public Ipv6Header payloadLength(int length) {
        Wire.putU16(segment, offset + PAYLOAD_LENGTH, length);
        return this;
    }

    public int nextHeader() {
        return Wire.u8(segment, offset + NEXT_HEADER);
    }

    public Ipv6Header nextHeader(int nextHeader) {
        Wire.putU8(segment, offset + NEXT_HEADER, nextHeader);
        return this;
    }

    public int hopLimit() {
        return Wire.u8(segment, offset + HOP_LIMIT);
    }

    public Ipv6Header hopLimit(int hopLimit) {
        Wire.putU8(segment, offset + HOP_LIMIT, hopLimit);
        return this;
    }

    /** Decrements the hop limit (RFC 8200 §3); returns the new value, 0 left alone. */
    public int decrementHopLimit() {
        int h = hopLimit();
        if (h == 0) {
            return 0;
        }
        hopLimit(h - 1);
        return h - 1;
    }

    public long srcHi() {
        return Wire.i64(segment, offset + SRC);
    }

    public long srcLo() {
        return Wire.i64(segment, offset + SRC + 8);
    }

    public long dstHi() {
        return Wire.i64(segment, offset + DST);
    }

    public long dstLo() {
        return Wire.i64(segment, offset + DST + 8);
    }

    public Ipv6Header src(long hi, long lo) {
        Wire.putI64(segment, offset + SRC, hi);
        Wire.putI64(segment, offset + SRC + 8, lo);
        return this;
    }

    public Ipv6Header dst(long hi, long lo) {
        Wire.putI64(segment, offset + DST, hi);
        Wire.putI64(segment, offset + DST + 8, lo);
        return this;
    }

    /** Changes the source and returns the L4 checksum {@code l4Check} adjusted for the pseudo-header. */
    public int rewriteSrc(long hi, long lo, int l4Check) {
        int check = IncrementalChecksum.update128(l4Check, srcHi(), srcLo(), hi, lo);
        src(hi, lo);
        return check;
    }

    /** Changes the destination and returns {@code l4Check} adjusted for the pseudo-header. */
    public int rewriteDst(long hi, long lo, int l4Check) {
        int check = IncrementalChecksum.update128(l4Check, dstHi(), dstLo(), hi, lo);
        dst(hi, lo);
        return check;
    }

    /** Writes the fixed header. */
    public Ipv6Header write(
            int trafficClass,
            int flowLabel,
            int payloadLength,
            int nextHeader,
            int hopLimit,
            long srcHi,
            long srcLo,
            long dstHi,
            long dstLo) {
        versionClassFlow(trafficClass, flowLabel);
        payloadLength(payloadLength);
        nextHeader(nextHeader);
        hopLimit(hopLimit);
        src(srcHi, srcLo);
        return dst(dstHi, dstLo);
    }

    /**
     * Walks the extension headers that follow the fixed header, up to {@code end} (the end of the
     * datagram, or of what is present of it). Returns {@link ParseResult#OK} with {@link
     * #upperProtocol()} and {@link #upperOffset()} set, or {@link ParseResult#BAD_IPV6_EXT_HEADER} for
     * a chain that is cut off, too long, or has hop-by-hop options anywhere but first (RFC 8200 §4.1).
     *
     * <p>Walked: hop-by-hop, routing, destination options and the RFC 6564 uniform-format headers
     * (mobility, HIP, shim6), all {@code (len + 1) * 8} bytes; fragment (8 bytes, recorded); AH, whose
     * length is in 4-octet units minus 2 (RFC 4302 §2.2). ESP is opaque and ends the walk, as does
     * any other value, which is then the upper-layer protocol (59, no next header, included).
     */
    public int walkExtensions(long end) {
        long pos = offset + LENGTH;
        int next = nextHeader();
        int walked = 0;
        while (true) {
            if (next == IpProtocol.HOPOPT && walked != 0) {
                return ParseResult.BAD_IPV6_EXT_HEADER;
            }
            int extLength;
            switch (next) {
                case IpProtocol.HOPOPT,
                        IpProtocol.IPV6_ROUTE,
                        IpProtocol.IPV6_OPTS,
                        IpProtocol.MOBILITY,
                        IpProtocol.HIP,
                        IpProtocol.SHIM6 -> {
                    if (pos + 2 > end) {
                        return ParseResult.BAD_IPV6_EXT_HEADER;
                    }
                    extLength = (Wire.u8(segment, pos + 1) + 1) * 8;
                }
                case IpProtocol.IPV6_FRAG -> {
                    if (pos + FRAGMENT_HEADER_LENGTH > end || fragmentHeaderOffset >= 0) {
                        return ParseResult.BAD_IPV6_EXT_HEADER;
                    }
                    fragmentHeaderOffset = pos;
                    fragmentWord = Wire.u16(segment, pos + 2);
                    fragmentId = Wire.i32(segment, pos + 4);
                    extLength = FRAGMENT_HEADER_LENGTH;
                }
                case IpProtocol.AH -> {
                    if (pos + 2 > end) {
                        return ParseResult.BAD_IPV6_EXT_HEADER;
                    }
                    extLength = (Wire.u8(segment, pos + 1) + 2) * 4;
                }
                default -> {
                    upperProtocol = next;
                    upperOffset = pos;
                    return ParseResult.OK;
                }
            }
            if (pos + extLength > end || ++walked > MAX_EXTENSION_HEADERS) {
                return ParseResult.BAD_IPV6_EXT_HEADER;
            }
            next = Wire.u8(segment, pos);
            pos += extLength;
        }
    }

    /** The upper-layer protocol found by {@link #walkExtensions}. */
    public int upperProtocol() {
        return upperProtocol;
    }

    /** Offset of the upper-layer header found by {@link #walkExtensions}. */
    public long upperOffset() {
        return upperOffset;
    }

    /** True when {@link #walkExtensions} met a Fragment header. */
    public boolean hasFragmentHeader() {
        return fragmentHeaderOffset >= 0;
    }

    /** Offset of the Fragment header, or -1. */
    public long fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    /** Fragment offset in bytes (0 without a Fragment header). */
    public int fragmentOffset() {
        return fragmentWord & 0xFFF8;
    }

    /** The M flag of the Fragment header. */
    public boolean moreFragments() {
        return (fragmentWord & 1) != 0;
    }

    /** Identification of the Fragment header. */
    public int fragmentId() {
        return fragmentId;
    }

    /**
     * True for a real fragment. A Fragment header with offset 0 and M clear is an atomic fragment
     * (RFC 6946 §4): the whole datagram, processed as if unfragmented.
     */
    public boolean isFragment() {
        return fragmentHeaderOffset >= 0 && (fragmentWord & 0xFFF9) != 0;
    }
}
