package io.jlvs.core.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network-byte-order access to frame memory, shared by every codec.
 *
 * <p>Headers sit at any byte offset in a ring frame (an Ethernet header is 14 bytes, a VLAN tag 4),
 * so every multi-byte layout is the unaligned one; wire order is big-endian (RFC 1700 "Data
 * Notations"). The layouts are built once here because {@code withOrder} creates a new layout
 * object, which the packet path must not do per access.
 */
public final class Wire {
    /** One octet. */
    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    /** 16 bits, big-endian, any alignment. */
    public static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** 32 bits, big-endian, any alignment. */
    public static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** 64 bits, big-endian, any alignment. */
    public static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {}

    /** Unsigned octet at {@code offset}. */
    public static int u8(MemorySegment s, long offset) {
        return s.get(U8, offset) & 0xFF;
    }

    /** Unsigned 16-bit big-endian value at {@code offset}. */
    public static int u16(MemorySegment s, long offset) {
        return s.get(BE16, offset) & 0xFFFF;
    }

    /** 32-bit big-endian value at {@code offset} (sequence numbers and IPv4 addresses are bit patterns). */
    public static int i32(MemorySegment s, long offset) {
        return s.get(BE32, offset);
    }

    /** 64-bit big-endian value at {@code offset}: one half of an IPv6 address in InetAddr form. */
    public static long i64(MemorySegment s, long offset) {
        return s.get(BE64, offset);
    }

    /** A 48-bit MAC address at {@code offset}, in the low 48 bits of a long. */
    public static long mac(MemorySegment s, long offset) {
        return ((long) u16(s, offset) << 32) | (i32(s, offset + 2) & 0xFFFF_FFFFL);
    }

    public static void putU8(MemorySegment s, long offset, int value) {
        s.set(U8, offset, (byte) value);
    }

    public static void putU16(MemorySegment s, long offset, int value) {
        s.set(BE16, offset, (short) value);
    }

    public static void putI32(MemorySegment s, long offset, int value) {
        s.set(BE32, offset, value);
    }

    public static void putI64(MemorySegment s, long offset, long value) {
        s.set(BE64, offset, value);
    }

    /** Writes the low 48 bits of {@code mac} as a MAC address at {@code offset}. */
    public static void putMac(MemorySegment s, long offset, long mac) {
        putU16(s, offset, (int) (mac >>> 32));
        putI32(s, offset + 2, (int) mac);
    }
}
