package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ICMPv6 message (RFC 4443) including the neighbour discovery messages (RFC 4861)
 * jlvs answers for the IPv6 VIPs and local addresses it owns. The checksum covers an IPv6
 * pseudo-header (RFC 4443 §2.3), so address rewrites must adjust it like TCP's.
 */
public final class Icmpv6Header {
    /** Type, code, checksum and the 4-byte message body start. */
    public static final int LENGTH = 8;

    public static final int DEST_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;

    /** Destination unreachable: port unreachable (RFC 4443 §3.1). */
    public static final int CODE_PORT_UNREACHABLE = 4;

    /** NS/NA: offset of the target address and of the first option (RFC 4861 §4.3–§4.4). */
    public static final int ND_TARGET = 8;

    public static final int ND_OPTIONS = 24;
    /** NA flags in the first body byte: router, solicited, override. */
    public static final int NA_ROUTER = 0x80;

    public static final int NA_SOLICITED = 0x40;
    public static final int NA_OVERRIDE = 0x20;
    /** ND option types carrying a link-layer address (RFC 4861 §4.6.1). */
    public static final int OPT_SOURCE_LINK_ADDR = 1;

    public static final int OPT_TARGET_LINK_ADDR = 2;
    /** An Ethernet link-layer address option: type, length 1 (8 octets), 6-byte MAC. */
    public static final int LINK_ADDR_OPTION_LENGTH = 8;

    /** {@link #linkLayerAddress} result: no such option. */
    public static final long ABSENT = -1;
    /** {@link #linkLayerAddress} result: an option with length 0 or running past the message. */
    public static final long MALFORMED = -2;

    private static final int TYPE = 0;
    private static final int CODE = 1;
    private static final int CHECKSUM = 2;
    private static final int BODY = 4;

    private MemorySegment segment;
    private long offset;
    private int length;

    /** Wraps a message of {@code length} bytes (header and body) at {@code offset}. */
    public Icmpv6Header wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Error messages have types 0..127 (RFC 4443 §2.1). */
    public static boolean isError(int type) {
        return type < 128;
    }

    public boolean isError() {
        return isError(type());
    }

    public int type() {
        return Wire.u8(segment, offset + TYPE);
    }

    public Icmpv6Header type(int type) {
        Wire.putU8(segment, offset + TYPE, type);
        return this;
    }

    public int code() {
        return Wire.u8(segment, offset + CODE);
    }

    public Icmpv6Header code(int code) {
        Wire.putU8(segment, offset + CODE, code);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM);
    }

    public Icmpv6Header checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM, checksum);
        return this;
    }

    /** The 4 bytes after the checksum. */
    public int body() {
        return Wire.i32(segment, offset + BODY);
    }

    public Icmpv6Header body(int body) {
        Wire.putI32(segment, offset + BODY, body);
        return this;
    }

    /** Packet too big: the MTU of the next-hop link (RFC 4443 §3.2). */
    public int mtu() {
        return body();
    }

    /** Echo identifier. */
    public int identifier() {
        return Wire.u16(segment, offset + BODY);
    }

    /** Echo sequence number. */
    public int sequence() {
        return Wire.u16(segment, offset + BODY + 2);
    }

    /** Offset of the quoted datagram of an error (RFC 4443 §3). */
    public long quotedOffset() {
        return offset + LENGTH;
    }

    /** NA: router/solicited/override flags. */
    public int advertisementFlags() {
        return Wire.u8(segment, offset + BODY);
    }

    /** NS/NA: target address, high half. */
    public long targetHi() {
        return Wire.i64(segment, offset + ND_TARGET);
    }

    /** NS/NA: target address, low half. */
    public long targetLo() {
        return Wire.i64(segment, offset + ND_TARGET + 8);
    }

    public Icmpv6Header target(long hi, long lo) {
        Wire.putI64(segment, offset + ND_TARGET, hi);
        Wire.putI64(segment, offset + ND_TARGET + 8, lo);
        return this;
    }

    /** True when an NS/NA is long enough to hold its target address. */
    public boolean hasTarget() {
        return length >= ND_OPTIONS;
    }

    /**
     * Finds a link-layer address option of {@code optionType} ({@link #OPT_SOURCE_LINK_ADDR} in a
     * solicitation, {@link #OPT_TARGET_LINK_ADDR} in an advertisement) and returns the MAC, or {@link
     * #ABSENT}, or {@link #MALFORMED} for an option of length 0 or one overrunning the message, which
     * RFC 4861 §4.6 says to discard the packet for.
     */
    public long linkLayerAddress(int optionType) {
        long pos = offset + ND_OPTIONS;
        long end = offset + length;
        while (pos + 2 <= end) {
            int type = Wire.u8(segment, pos);
            int units = Wire.u8(segment, pos + 1);
            if (units == 0 || pos + units * 8L > end) {
                return MALFORMED;
            }
            if (type == optionType) {
                return Wire.mac(segment, pos + 2);
            }
            pos += units * 8L;
        }
        return pos == end ? ABSENT : MALFORMED;
    }

    /** Turns an echo request into the reply in place (RFC 4443 §4.2); the pseudo-header sum is symmetric. */
    public Icmpv6Header toEchoReply() {
        int oldWord = Wire.u16(segment, offset + TYPE);
        type(ECHO_REPLY);
        int newWord = Wire.u16(segment, offset + TYPE);
        return checksum(IncrementalChecksum.update16(checksum(), oldWord, newWord));
    }

    /** Writes type, code, zero checksum and the first body word. */
    public Icmpv6Header write(int type, int code, int body) {
        type(type);
        code(code);
        checksum(0);
        return body(body);
    }
}
