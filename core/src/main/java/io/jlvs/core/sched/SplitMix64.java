package io.jlvs.core.sched;

/**
 * Steele, Lea and Flood's SplitMix64 generator (OOPSLA 2014): a 64-bit counter through a strong
 * mixer. Per-instance state, no allocation, no shared seed, which java.util.Random's atomic seed
 * would be.
 */
public final class SplitMix64 implements RandomSource {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E37_79B9_7F4A_7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }
}
