package io.jlvs.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight cursor over the attributes ({@code struct rtattr}: u16 len, u16 type, value) that
 * follow a fixed rtnetlink header. {@link #first}/{@link #next} return false at the end, and
 * {@link #malformed()} tells an honest end from an attribute that claims more bytes than its
 * message has.
 */
public final class RtAttribute {
    public static final int HEADER_SIZE = 4;
    /** NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the type's top bits. */
    private static final int TYPE_MASK = 0x3FFF;

    private MemorySegment seg;
    private long offset;
    private long limit;
    private int length;
    private boolean malformed;

    /** Starts at {@code start} (already past the fixed header) and stops at {@code limit}. */
    public boolean first(MemorySegment seg, long start, long limit) {
        this.seg = seg;
        this.limit = limit;
        this.malformed = false;
        return at(NetlinkMessage.align(start));
    }

    /** Steps to the following attribute. */
    public boolean next() {
        return at(offset + NetlinkMessage.align(length));
    }

    private boolean at(long o) {
        if (o + HEADER_SIZE > limit) {
            // Fewer bytes than a header left: a clean end if none are left at all.
            malformed = o < limit;
            return false;
        }
        int len = seg.get(JAVA_SHORT_UNALIGNED, o) & 0xFFFF;
        if (len < HEADER_SIZE || o + len > limit) {
            malformed = true;
            return false;
        }
        offset = o;
        length = len;
        return true;
    }

    public boolean malformed() {
        return malformed;
    }

    public int type() {
        return seg.get(JAVA_SHORT_UNALIGNED, offset + 2) & TYPE_MASK;
    }

    public long valueOffset() {
        return offset + HEADER_SIZE;
    }

    public int valueLength() {
        return length - HEADER_SIZE;
    }

    /** One past the value's last byte (for nested attributes). */
    public long valueEnd() {
        return offset + length;
    }

    /** A u32 value in host order; {@code fallback} when the value is shorter than 4 bytes. */
    public int u32(int fallback) {
        return valueLength() >= 4 ? seg.get(JAVA_INT_UNALIGNED, valueOffset()) : fallback;
    }

    /** A NUL-terminated string value (interface names, labels). */
    public String string() {
        int n = 0;
        int max = valueLength();
        while (n < max && seg.get(JAVA_BYTE, valueOffset() + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        MemorySegment.copy(seg, JAVA_BYTE, valueOffset(), b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The value as an address in the {@code InetAddr} two-long form: 4 bytes are IPv4 (mapped),
     * 16 bytes IPv6; written into {@code out[0..1]}. False for any other length.
     */
    public boolean address(long[] out) {
        long v = valueOffset();
        if (valueLength() == 4) {
            out[0] = 0;
            out[1] = InetAddr.v4Lo(Wire.i32(seg, v));
            return true;
        }
        if (valueLength() == 16) {
            out[0] = Wire.i64(seg, v);
            out[1] = Wire.i64(seg, v + 8);
            return true;
        }
        return false;
    }

    /** A 6-byte hardware address as a long (first octet most significant); −1 if not 6 bytes. */
    public long mac() {
        return valueLength() == 6 ? Wire.mac(seg, valueOffset()) : -1;
    }
}
