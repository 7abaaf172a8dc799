package io.jlvs.core.checksum;

/**
 * Incremental checksum update by RFC 1624 equation 3: {@code HC' = ~(~HC + ~m + m')}.
 *
 * <p>Equation 3 rather than RFC 1141's {@code HC' = HC + m - m'}, because the latter can produce
 * 0x0000 where a full recompute gives 0xFFFF (RFC 1624 §3–§4); with equation 3 an update of a valid
 * checksum equals the full recompute bit for bit. Every field here must sit at an even offset from
 * the start of the checksummed data; for one at an odd offset pass the values through {@link
 * #oddLane16}/{@link #oddLane32} first.
 */
public final class IncrementalChecksum {
    private IncrementalChecksum() {}

    /** A 16-bit field changed from {@code oldValue} to {@code newValue}. */
    public static int update16(int check, int oldValue, int newValue) {
        long sum = (~check & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF);
        return ~InternetChecksum.fold(sum) & 0xFFFF;
    }

    /** A 32-bit field (two adjacent words: ports pair, sequence number, IPv4 address) changed. */
    public static int update32(int check, int oldValue, int newValue) {
        long sum = (~check & 0xFFFF) + (~oldValue & 0xFFFF_FFFFL) + (newValue & 0xFFFF_FFFFL);
        return ~InternetChecksum.fold(sum) & 0xFFFF;
    }

    /** A 128-bit field (an IPv6 address, as InetAddr hi/lo) changed. */
    public static int update128(int check, long oldHi, long oldLo, long newHi, long newLo) {
        long sum = ~check & 0xFFFF;
        sum = InternetChecksum.addLong(sum, ~oldHi);
        sum = InternetChecksum.addLong(sum, ~oldLo);
        sum = InternetChecksum.addLong(sum, newHi);
        sum = InternetChecksum.addLong(sum, newLo);
        return ~InternetChecksum.fold(sum) & 0xFFFF;
    }

    /**
     * A region of any length changed: {@code oldSum} and {@code newSum} are running sums of the region
     * before and after (from {@link InternetChecksum#add}). Used for rewrites that touch several
     * fields at once, such as replacing a TCP timestamp option with NOPs.
     */
    public static int replace(int check, long oldSum, long newSum) {
        long sum = (~check & 0xFFFF) + (~InternetChecksum.fold(oldSum) & 0xFFFF) + InternetChecksum.fold(newSum);
        return ~InternetChecksum.fold(sum) & 0xFFFF;
    }

    /**
     * The value to pass to {@link #update16} for a 16-bit field at an odd offset: such a field
     * straddles two checksum words, contributing its bytes swapped (RFC 1071 §2(B)).
     */
    public static int oddLane16(int value) {
        return InternetChecksum.swap(value & 0xFFFF);
    }

    /**
     * The value to pass to {@link #update32} for a 32-bit field at an odd offset. Rotating a 32-bit
     * word by 8 multiplies it by 2^8 modulo 2^32 − 1, hence modulo 2^16 − 1, which is the odd lane.
     */
    public static int oddLane32(int value) {
        return Integer.rotateLeft(value, 8);
    }
}
