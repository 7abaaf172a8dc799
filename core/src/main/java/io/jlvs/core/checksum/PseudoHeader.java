package io.jlvs.core.checksum;

/**
 * Sums of the pseudo-headers that TCP, UDP and ICMPv6 prepend to their checksums, so that a segment
 * delivered to the wrong address fails its checksum. The results are running sums for {@link
 * InternetChecksum#add}; the pseudo-header is never materialised in memory.
 */
public final class PseudoHeader {
    private PseudoHeader() {}

    /**
     * IPv4: source, destination, zero, protocol, L4 length (RFC 793 §3.1, RFC 768). {@code src} and
     * {@code dst} are the addresses as big-endian ints, the way {@link io.jlvs.core.net.InetAddr#v4}
     * gives them.
     */
    public static long v4(int src, int dst, int protocol, int l4Length) {
        return (src & 0xFFFF_FFFFL) + (dst & 0xFFFF_FFFFL) + (protocol & 0xFF) + (l4Length & 0xFFFF);
    }

    /**
     * IPv6: source, destination, 32-bit upper-layer length, 24 zero bits, next header (RFC 8200 §8.1).
     * Addresses are (hi, lo) as in {@link io.jlvs.core.net.InetAddr}.
     */
    public static long v6(long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader, int l4Length) {
        long sum = InternetChecksum.addLong(0, srcHi);
        sum = InternetChecksum.addLong(sum, srcLo);
        sum = InternetChecksum.addLong(sum, dstHi);
        sum = InternetChecksum.addLong(sum, dstLo);
        return sum + (l4Length & 0xFFFF_FFFFL) + (nextHeader & 0xFF);
    }
}
