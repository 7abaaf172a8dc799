package io.jlvs.core.xmit;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012) over whole
 * 64-bit words: the keyed function F of the FULLNAT initial sequence number and of SYNPROXY's
 * cookies. A PRF keeps F unpredictable without the key, which RFC 6528 §3 asks of it; SipHash is
 * what Linux uses for its own {@code secure_tcp_seq} and syncookies for the same reason.
 *
 * <p>A message of n words is the 8n-byte string whose words are read little-endian, as the reference
 * implementation reads them, so results match the published vectors.
 *
 * <p>An instance is a key plus the running state: a packet-path caller owns one and rekeys it in
 * place ({@link #key}), so hashing allocates nothing. The state is in fields so that the round is
 * written once, as a small method the JIT inlines into straight-line code; nothing is decided per
 * round.
 */
public final class SipHash {
    private static final long C0 = 0x736f_6d65_7073_6575L;
    private static final long C1 = 0x646f_7261_6e64_6f6dL;
    private static final long C2 = 0x6c79_6765_6e65_7261L;
    private static final long C3 = 0x7465_6462_7974_6573L;

    private long k0;
    private long k1;
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** A hasher under the 128-bit key (k0, k1). */
    public SipHash(long k0, long k1) {
        key(k0, k1);
    }

    /** Changes the key, in place. */
    public SipHash key(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
        return this;
    }

    public long k0() {
        return k0;
    }

    public long k1() {
        return k1;
    }

    /** The hash of three words: an IPv4 SYN cookie's tuple, client ISN and time counter (core/synproxy). */
    public long hash(long m0, long m1, long m2) {
        start();
        compress(m0);
        compress(m1);
        compress(m2);
        return end(3);
    }

    /** The hash of five words: what the FULLNAT ISN needs. */
    public long hash(long m0, long m1, long m2, long m3, long m4) {
        start();
        compress5(m0, m1, m2, m3, m4);
        return end(5);
    }

    /** The hash of six words: an IPv6 SYN cookie's tuple, client ISN and time counter. */
    public long hash(long m0, long m1, long m2, long m3, long m4, long m5) {
        start();
        compress5(m0, m1, m2, m3, m4);
        compress(m5);
        return end(6);
    }

    /** The hash of any number of words; control plane and tests. */
    public long hash(long[] words) {
        start();
        for (long w : words) {
            compress(w);
        }
        return end(words.length);
    }

    /**
     * The hash of any number of words under (k0, k1); control plane and tests. It makes a hasher per
     * call, which the packet path must not: there only the interpreter and C1 run a rarely taken
     * call, and they do no escape analysis (see xmit's ZeroAllocationTest).
     */
    public static long hash(long k0, long k1, long[] words) {
        return new SipHash(k0, k1).hash(words);
    }

    private void start() {
        v0 = k0 ^ C0;
        v1 = k1 ^ C1;
        v2 = k0 ^ C2;
        v3 = k1 ^ C3;
    }

    private void compress5(long m0, long m1, long m2, long m3, long m4) {
        compress(m0);
        compress(m1);
        compress(m2);
        compress(m3);
        compress(m4);
    }

    private void compress(long m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }

    /** The last block (the message length in bytes in its top byte: no tail bytes here), then finalization. */
    private long end(int words) {
        compress(((long) (words * 8) & 0xFF) << 56);
        v2 ^= 0xFF;
        round();
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void round() {
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
    }
}
