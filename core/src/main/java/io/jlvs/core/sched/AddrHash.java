package io.jlvs.core.sched;

import io.jlvs.core.net.InetAddr;

/** The address hashes the hashing schedulers use. */
final class AddrHash {
    /** Knuth's multiplicative constant, 2^32 / φ, as IPVS's dh/lblc hashes use. */
    static final long KNUTH = 2654435761L;

    /** The kernel's hash_32 multiplier (GOLDEN_RATIO_32). */
    static final int GOLDEN_RATIO_32 = 0x61C8_8647;

    private AddrHash() {}

    /**
     * IPVS folds an IPv6 address into 32 bits by XOR of its four words before hashing; an IPv4
     * address is its own 32 bits.
     */
    static int fold(long hi, long lo) {
        if (InetAddr.isV4(hi, lo)) {
            return InetAddr.v4(lo);
        }
        return (int) (hi >>> 32) ^ (int) hi ^ (int) (lo >>> 32) ^ (int) lo;
    }

    /** The kernel's hash_32: the top {@code bits} bits of a multiplicative hash. */
    static int hash32(int value, int bits) {
        return (value * GOLDEN_RATIO_32) >>> (32 - bits);
    }

    /** A strong 64-bit mix of an address, a port and a salt (Maglev's h1/h2 and lookup hash). */
    static long mix(long seed, long hi, long lo, int port, int salt) {
        long h = seed;
        h = fmix(h ^ hi);
        h = fmix(h ^ lo);
        h = fmix(h ^ ((long) (port & 0xFFFF) << 32 | (salt & 0xFFFF_FFFFL)));
        return h;
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long fmix(long k) {
        k = (k + 0x9E37_79B9_7F4A_7C15L) * 0xFF51_AFD7_ED55_8CCDL;
        k ^= k >>> 33;
        k *= 0xC4CE_B9FE_1A85_EC53L;
        return k ^ (k >>> 33);
    }
}
