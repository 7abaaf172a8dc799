package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ICMP (IPv4) message header (RFC 792). Errors quote the offending datagram's IP
 * header and at least its first 8 data bytes after the 8-byte ICMP header; IPVS looks the quoted
 * flow up to forward the error to the right real server or client ({@code ip_vs_in_icmp}), which
 * {@link PacketParser#parseQuoted} decodes.
 */
public final class IcmpHeader {
    /** Type, code, checksum and the 4-byte rest-of-header. */
    public static final int LENGTH = 8;

    public static final int ECHO_REPLY = 0;
    public static final int DEST_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;

    /** Destination unreachable codes (RFC 792, RFC 1122 §3.2.2.1). */
    public static final int CODE_NET_UNREACHABLE = 0;

    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Fragmentation needed and DF set; carries the next-hop MTU (RFC 1191 §4). */
    public static final int CODE_FRAG_NEEDED = 4;
    /** Time exceeded: TTL expired in transit. */
    public static final int CODE_TTL_EXCEEDED = 0;

    private static final int TYPE = 0;
    private static final int CODE = 1;
    private static final int CHECKSUM = 2;
    private static final int REST = 4;

    private MemorySegment segment;
    private long offset;

    public IcmpHeader wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }

    /** True for the types whose body quotes a datagram. */
    public static boolean isError(int type) {
        return type == DEST_UNREACHABLE
                || type == SOURCE_QUENCH
                || type == REDIRECT
                || type == TIME_EXCEEDED
                || type == PARAMETER_PROBLEM;
    }

    public boolean isError() {
        return isError(type());
    }

    public int type() {
        return Wire.u8(segment, offset + TYPE);
    }

    public IcmpHeader type(int type) {
        Wire.putU8(segment, offset + TYPE, type);
        return this;
    }

    public int code() {
        return Wire.u8(segment, offset + CODE);
    }

    public IcmpHeader code(int code) {
        Wire.putU8(segment, offset + CODE, code);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM);
    }

    public IcmpHeader checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM, checksum);
        return this;
    }

    /** The 4 bytes after the checksum, whose meaning depends on the type. */
    public int restOfHeader() {
        return Wire.i32(segment, offset + REST);
    }

    public IcmpHeader restOfHeader(int rest) {
        Wire.putI32(segment, offset + REST, rest);
        return this;
    }

    /** Echo identifier. */
    public int identifier() {
        return Wire.u16(segment, offset + REST);
    }

    /** Echo sequence number. */
    public int sequence() {
        return Wire.u16(segment, offset + REST + 2);
    }

    /** Next-hop MTU of a fragmentation-needed error (RFC 1191 §4); 0 from pre-1191 routers. */
    public int nextHopMtu() {
        return Wire.u16(segment, offset + REST + 2);
    }

    /** Redirect: the gateway address. */
    public int gateway() {
        return Wire.i32(segment, offset + REST);
    }

    /** Offset of the quoted datagram of an error. */
    public long quotedOffset() {
        return offset + LENGTH;
    }

    /** Turns an echo request into the reply in place: type 8 → 0, checksum fixed (RFC 792). */
    public IcmpHeader toEchoReply() {
        int oldWord = Wire.u16(segment, offset + TYPE);
        type(ECHO_REPLY);
        int newWord = Wire.u16(segment, offset + TYPE);
        return checksum(IncrementalChecksum.update16(checksum(), oldWord, newWord));
    }

    /** Writes type, code, zero checksum and rest-of-header. */
    public IcmpHeader write(int type, int code, int restOfHeader) {
        type(type);
        code(code);
        checksum(0);
        return restOfHeader(restOfHeader);
    }
}
