package io.jlvs.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over one netlink message ({@code struct nlmsghdr} and its payload) in a receive
 * buffer. {@link #wrap} checks the header against the bytes actually received, so nothing a
 * message claims can make a reader step outside them. Fields are in host order (netlink(7)).
 */
public final class NetlinkMessage {
    public static final int HEADER_SIZE = 16;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;

    private MemorySegment seg;
    private long offset;
    private int length;

    /** Messages are 4-byte aligned (NLMSG_ALIGN). */
    public static long align(long n) {
        return (n + 3) & ~3L;
    }

    /**
     * Points at the message at {@code offset}; false when fewer than a header's bytes remain
     * before {@code limit} or the message's length is shorter than its header or runs past
     * {@code limit} — then nothing after {@code offset} can be trusted.
     */
    public boolean wrap(MemorySegment seg, long offset, long limit) {
        if (offset < 0 || limit > seg.byteSize() || offset + HEADER_SIZE > limit) {
            return false;
        }
        int len = seg.get(JAVA_INT_UNALIGNED, offset);
        if (len < HEADER_SIZE || offset + len > limit) {
            return false;
        }
        this.seg = seg;
        this.offset = offset;
        this.length = len;
        return true;
    }

    public MemorySegment segment() {
        return seg;
    }

    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int type() {
        return seg.get(JAVA_SHORT_UNALIGNED, offset + 4) & 0xFFFF;
    }

    public int flags() {
        return seg.get(JAVA_SHORT_UNALIGNED, offset + 6) & 0xFFFF;
    }

    public int seq() {
        return seg.get(JAVA_INT_UNALIGNED, offset + 8);
    }

    public int portId() {
        return seg.get(JAVA_INT_UNALIGNED, offset + 12);
    }

    public long payloadOffset() {
        return offset + HEADER_SIZE;
    }

    public int payloadLength() {
        return length - HEADER_SIZE;
    }

    /** One past the last byte of this message. */
    public long end() {
        return offset + length;
    }

    /** Where the next message in the same buffer starts. */
    public long next() {
        return offset + align(length);
    }

    /** For NLMSG_ERROR: the negated errno (0 is an ack), or 1 when the payload is too short. */
    public int errorCode() {
        if (payloadLength() < 4) {
            return 1;
        }
        return seg.get(JAVA_INT_UNALIGNED, payloadOffset());
    }
}
