package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import io.jlvs.core.checksum.InternetChecksum;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an IPv4 header (RFC 791 §3.1), options included. Getters trust the bounds the
 * parser checked; setters named {@code rewrite…} also update the header checksum incrementally
 * (RFC 1624), plain setters leave it to {@link #fillChecksum}.
 */
public final class Ipv4Header {
    /** A header without options. */
    public static final int MIN_LENGTH = 20;
    /** IHL is four bits of 32-bit words. */
    public static final int MAX_LENGTH = 60;

    /** Don't Fragment, in the flags/fragment-offset word. */
    public static final int FLAG_DF = 0x4000;
    /** More Fragments. */
    public static final int FLAG_MF = 0x2000;
    /** Fragment offset in 8-octet units. */
    public static final int OFFSET_MASK = 0x1FFF;

    private static final int VER_IHL = 0;
    private static final int TOS = 1;
    private static final int TOTAL_LENGTH = 2;
    private static final int ID = 4;
    private static final int FRAG = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    private static final int CHECKSUM = 10;
    private static final int SRC = 12;
    private static final int DST = 16;

    private MemorySegment segment;
    private long offset;

    public Ipv4Header wrap(MemorySegment segment, long offset) {
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

    public int version() {
        return Wire.u8(segment, offset + VER_IHL) >>> 4;
    }

    /** IHL in 32-bit words. */
    public int ihl() {
        return Wire.u8(segment, offset + VER_IHL) & 0x0F;
    }

    /** Header length in bytes, options included. */
    public int headerLength() {
        return ihl() * 4;
    }

    /** Sets version 4 and the header length in bytes (a multiple of 4, 20..60). */
    public Ipv4Header versionAndHeaderLength(int headerLength) {
        Wire.putU8(segment, offset + VER_IHL, 0x40 | (headerLength >>> 2));
        return this;
    }

    public long optionsOffset() {
        return offset + MIN_LENGTH;
    }

    public int optionsLength() {
        return headerLength() - MIN_LENGTH;
    }

    public int tos() {
        return Wire.u8(segment, offset + TOS);
    }

    public Ipv4Header tos(int tos) {
        Wire.putU8(segment, offset + TOS, tos);
        return this;
    }

    public int totalLength() {
        return Wire.u16(segment, offset + TOTAL_LENGTH);
    }

    public Ipv4Header totalLength(int length) {
        Wire.putU16(segment, offset + TOTAL_LENGTH, length);
        return this;
    }

    /** Changes the total length and fixes the header checksum (a transform that grew the packet). */
    public Ipv4Header rewriteTotalLength(int length) {
        int old = totalLength();
        totalLength(length);
        return checksum(IncrementalChecksum.update16(checksum(), old, length));
    }

    public int id() {
        return Wire.u16(segment, offset + ID);
    }

    public Ipv4Header id(int id) {
        Wire.putU16(segment, offset + ID, id);
        return this;
    }

    /** The flags and fragment offset word as on the wire. */
    public int fragmentWord() {
        return Wire.u16(segment, offset + FRAG);
    }

    public Ipv4Header fragmentWord(int word) {
        Wire.putU16(segment, offset + FRAG, word);
        return this;
    }

    public boolean dontFragment() {
        return (fragmentWord() & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (fragmentWord() & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return (fragmentWord() & OFFSET_MASK) << 3;
    }

    /** True for any piece of a fragmented datagram, the first included (RFC 791 §3.2). */
    public boolean isFragment() {
        return (fragmentWord() & (FLAG_MF | OFFSET_MASK)) != 0;
    }

    public int ttl() {
        return Wire.u8(segment, offset + TTL);
    }

    public Ipv4Header ttl(int ttl) {
        Wire.putU8(segment, offset + TTL, ttl);
        return this;
    }

    /**
     * Decrements the TTL as a forwarding router must (RFC 1812 §5.3.1) and updates the checksum by
     * RFC 1624 §4's own example: the TTL shares a 16-bit word with the protocol. Returns the new TTL;
     * a caller that sees 0 sends time-exceeded instead of forwarding. A TTL already 0 is left alone.
     */
    public int decrementTtl() {
        int ttl = ttl();
        if (ttl == 0) {
            return 0;
        }
        int oldWord = Wire.u16(segment, offset + TTL);
        int newWord = oldWord - 0x0100;
        Wire.putU16(segment, offset + TTL, newWord);
        checksum(IncrementalChecksum.update16(checksum(), oldWord, newWord));
        return ttl - 1;
    }

    public int protocol() {
        return Wire.u8(segment, offset + PROTOCOL);
    }

    public Ipv4Header protocol(int protocol) {
        Wire.putU8(segment, offset + PROTOCOL, protocol);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM);
    }

    public Ipv4Header checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM, checksum);
        return this;
    }

    /** Source address as a big-endian int. */
    public int src() {
        return Wire.i32(segment, offset + SRC);
    }

    public Ipv4Header src(int addr) {
        Wire.putI32(segment, offset + SRC, addr);
        return this;
    }

    public int dst() {
        return Wire.i32(segment, offset + DST);
    }

    public Ipv4Header dst(int addr) {
        Wire.putI32(segment, offset + DST, addr);
        return this;
    }

    /** Changes the source address and fixes the header checksum; the L4 checksum is the caller's. */
    public Ipv4Header rewriteSrc(int addr) {
        int old = src();
        src(addr);
        return checksum(IncrementalChecksum.update32(checksum(), old, addr));
    }

    /** Changes the destination address and fixes the header checksum; the L4 checksum is the caller's. */
    public Ipv4Header rewriteDst(int addr) {
        int old = dst();
        dst(addr);
        return checksum(IncrementalChecksum.update32(checksum(), old, addr));
    }

    /** The header checksum a full computation gives (over IHL words, the checksum field as zero). */
    public int computeChecksum() {
        long sum = InternetChecksum.add(0, segment, offset, headerLength());
        // Take the stored checksum out rather than zeroing memory: a read-only check stays read-only.
        sum += ~checksum() & 0xFFFF;
        return InternetChecksum.finish(sum);
    }

    /** Computes and stores the header checksum. */
    public Ipv4Header fillChecksum() {
        checksum(0);
        return checksum(InternetChecksum.compute(segment, offset, headerLength()));
    }

    /** True when the stored header checksum verifies. */
    public boolean checksumValid() {
        return InternetChecksum.verifies(InternetChecksum.add(0, segment, offset, headerLength()));
    }

    /** Writes a 20-byte header without options; the checksum is left 0 for {@link #fillChecksum}. */
    public Ipv4Header write(
            int tos, int totalLength, int id, int fragmentWord, int ttl, int protocol, int src, int dst) {
        versionAndHeaderLength(MIN_LENGTH);
        tos(tos);
        totalLength(totalLength);
        id(id);
        fragmentWord(fragmentWord);
        ttl(ttl);
        protocol(protocol);
        checksum(0);
        src(src);
        return dst(dst);
    }
}
