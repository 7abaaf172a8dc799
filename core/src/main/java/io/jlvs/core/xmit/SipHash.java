package io.jlvs.core.xmit;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012) over whole
 * 64-bit words: the keyed function F of the FULLNAT initial sequence number. A PRF keeps F
 * unpredictable without the key, which RFC 6528 §3 asks of it; SipHash is what Linux uses for its
 * own {@code secure_tcp_seq} for the same reason, and it needs no state or buffer.
 *
 * <p>A message of n words is the 8n-byte string whose words are read little-endian, as the reference
 * implementation reads them, so results match the published vectors. The state lives in four locals
 * (no object to rely on escape analysis for); the 2 compression rounds per word and 4 finalization
 * rounds run as one loop of rounds so the round itself is written once.
 */
public final class SipHash {
    private static final long C0 = 0x736f_6d65_7073_6575L;
    private static final long C1 = 0x646f_7261_6e64_6f6dL;
    private static final long C2 = 0x6c79_6765_6e65_7261L;
    private static final long C3 = 0x7465_6462_7974_6573L;

    private SipHash() {}

    /** The hash of five words: what the ISN needs, without an array on the packet path. */
    static long hash(long k0, long k1, long m0, long m1, long m2, long m3, long m4) {
        return run(k0, k1, null, 5, m0, m1, m2, m3, m4, 0);
    }

    /** The hash of six words: a SYN cookie's tuple, client ISN and time counter (core/synproxy). */
    public static long hash(long k0, long k1, long m0, long m1, long m2, long m3, long m4, long m5) {
        return run(k0, k1, null, 6, m0, m1, m2, m3, m4, m5);
    }

    /** The hash of any number of words; control plane and tests. */
    static long hash(long k0, long k1, long[] words) {
        return run(k0, k1, words, words.length, 0, 0, 0, 0, 0, 0);
    }

    /** Message word {@code i} of {@code count}: from the array, or m0..m5; then the length block. */
    private static long word(int i, int count, long[] words, long m0, long m1, long m2, long m3, long m4, long m5) {
        if (i == count) {
            // The last block carries the message length in bytes in its top byte (no tail bytes here).
            return ((long) (count * 8) & 0xFF) << 56;
        }
        if (words != null) {
            return words[i];
        }
        return switch (i) {
            case 0 -> m0;
            case 1 -> m1;
            case 2 -> m2;
            case 3 -> m3;
            case 4 -> m4;
            default -> m5;
        };
    }

    private static long run(
            long k0, long k1, long[] words, int count, long m0, long m1, long m2, long m3, long m4, long m5) {
        long v0 = k0 ^ C0;
        long v1 = k1 ^ C1;
        long v2 = k0 ^ C2;
        long v3 = k1 ^ C3;
        int compression = 2 * (count + 1);
        long m = 0;
        for (int r = 0; r < compression + 4; r++) {
            if (r < compression && (r & 1) == 0) {
                m = word(r >>> 1, count, words, m0, m1, m2, m3, m4, m5);
                v3 ^= m;
            } else if (r == compression) {
                v2 ^= 0xFF;
            }
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
            if (r < compression && (r & 1) == 1) {
                v0 ^= m;
            }
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
