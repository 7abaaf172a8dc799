package io.jlvs.core.checksum;

import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum of RFC 1071: the 16-bit ones' complement of the ones' complement sum of the
 * data taken as 16-bit big-endian words.
 *
 * <p>A running sum is carried in a {@code long} and folded only at the end. RFC 1071 §2(B)–(C):
 * the sum is independent of byte order and may be accumulated in wider words because 2^16 ≡ 1
 * (mod 2^16 − 1); adding 32-bit words into 64 bits and folding later gives the same 16-bit result
 * with a quarter of the additions. A 64 KiB datagram adds fewer than 2^46, so the accumulator cannot
 * overflow.
 */
public final class InternetChecksum {
    private InternetChecksum() {}

    /**
     * Adds the bytes {@code [offset, offset + length)} to {@code sum} as 16-bit big-endian words. An odd
     * final byte is padded with a zero octet (RFC 1071 §4.1), so every range but the last one of a
     * multi-part sum must have even length.
     */
    public static long add(long sum, MemorySegment s, long offset, int length) {
        long acc = sum;
        long p = offset;
        long end = offset + length;
        while (p + 8 <= end) {
            long v = Wire.i64(s, p);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
            p += 8;
        }
        if (p + 4 <= end) {
            acc += Wire.i32(s, p) & 0xFFFF_FFFFL;
            p += 4;
        }
        if (p + 2 <= end) {
            acc += Wire.u16(s, p);
            p += 2;
        }
        if (p < end) {
            acc += Wire.u8(s, p) << 8;
        }
        return acc;
    }

    /** Adds both halves of a 64-bit value (one half of an IPv6 address) to a running sum. */
    public static long addLong(long sum, long value) {
        return sum + (value >>> 32) + (value & 0xFFFF_FFFFL);
    }

    /** Folds a running sum to 16 bits with end-around carries; nonzero sums give 1..0xFFFF. */
    public static int fold(long sum) {
        long x = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        x = (x & 0xFFFF) + (x >>> 16);
        x = (x & 0xFFFF) + (x >>> 16);
        x = (x & 0xFFFF) + (x >>> 16);
        return (int) x;
    }

    /** The checksum field value for a running sum: the complement of the folded sum. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /** The checksum of one range, as it would be written into a zeroed checksum field. */
    public static int compute(MemorySegment s, long offset, int length) {
        return finish(add(0, s, offset, length));
    }

    /**
     * True when a sum taken over data that includes its own checksum field verifies: such a sum folds
     * to all ones (RFC 1071 §1, "the result is checked by summing ... the result will be all 1 bits").
     */
    public static boolean verifies(long sumIncludingChecksum) {
        return fold(sumIncludingChecksum) == 0xFFFF;
    }

    /**
     * Moves a folded 16-bit sum to the other byte lane. A field that starts at an odd offset from the
     * start of the checksummed data contributes its sum with the bytes swapped (RFC 1071 §2(B)), which
     * is the same as multiplying by 2^8 modulo 2^16 − 1.
     */
    public static int swap(int folded) {
        return ((folded << 8) | (folded >>> 8)) & 0xFFFF;
    }
}
