package io.jlvs.core.testframes;

/**
 * The Internet checksum written the slow, obvious way over byte[] — 16-bit words, end-around carry
 * after every addition — as the reference the main code's wide-word, lazily-folded version is checked
 * against. Shares no code with {@code io.jlvs.core.checksum}.
 */
public final class RefChecksum {
    private RefChecksum() {}

    /** Ones' complement sum (folded, 16 bits) of the concatenation of {@code parts}. */
    public static int sum(byte[]... parts) {
        byte[] all = Bytes.concat(parts);
        int sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            int hi = all[i] & 0xFF;
            int lo = i + 1 < all.length ? all[i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
            if (sum > 0xFFFF) {
                sum = (sum & 0xFFFF) + 1;
            }
        }
        return sum;
    }

    /** The checksum field value for data whose checksum field is zero. */
    public static int checksum(byte[]... parts) {
        return ~sum(parts) & 0xFFFF;
    }

    /** RFC 793 / RFC 768 IPv4 pseudo-header as bytes. */
    public static byte[] pseudoV4(byte[] src, byte[] dst, int protocol, int length) {
        return Bytes.concat(src, dst, new byte[] {0, (byte) protocol, (byte) (length >> 8), (byte) length});
    }

    /** RFC 8200 §8.1 IPv6 pseudo-header as bytes. */
    public static byte[] pseudoV6(byte[] src, byte[] dst, int nextHeader, int length) {
        return Bytes.concat(src, dst, new byte[] {
            (byte) (length >>> 24),
            (byte) (length >>> 16),
            (byte) (length >>> 8),
            (byte) length,
            0,
            0,
            0,
            (byte) nextHeader
        });
    }
}
