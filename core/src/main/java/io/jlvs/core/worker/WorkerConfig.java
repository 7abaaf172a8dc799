package io.jlvs.core.worker;

import java.security.SecureRandom;

/**
 * The fixed sizes of one worker's tables (DESIGN.md §3.6: fixed capacity from config), with the
 * defaults written once.
 *
 * @param connCapacity connections the worker can track
 * @param templateCapacity persistence templates
 * @param neighbourCapacity next hops in the ARP/NDP cache
 * @param maxRealServers real-server indices the load counters cover
 * @param localAddressCapacity FULLNAT local addresses
 * @param seed seeds port shuffling, randomised schedulers and the FULLNAT sequence-number secret
 *     ({@link io.jlvs.core.xmit.FullNat#initialSeqDelta}), so it must be unguessable in production
 */
public record WorkerConfig(
        int connCapacity,
        int templateCapacity,
        int neighbourCapacity,
        int maxRealServers,
        int localAddressCapacity,
        long seed) {

    /** Fewest timer-wheel buckets: a 4 s revolution at the 1 ms tick. */
    static final int MIN_TIMER_BUCKETS = 1 << 12;
    /** Most timer-wheel buckets: a 262 s revolution, 1 MiB of bucket heads. */
    static final int MAX_TIMER_BUCKETS = 1 << 18;

    /** Default sizes and a seed from a secure random source; control plane. */
    public static WorkerConfig defaults() {
        int conns = 1 << 20;
        return new WorkerConfig(conns, 1 << 16, 1024, 4096, 256, new SecureRandom().nextLong());
    }

    /** Timer-wheel buckets (one per tick of the wheel's resolution), sized to the table: {@link #timerBucketsFor}. */
    public int timerBuckets() {
        return timerBucketsFor(connCapacity);
    }

    /**
     * Timer-wheel buckets for a table of {@code connCapacity}: a power of two from 2^12 to 2^18,
     * one per four connections or fewer above the smallest wheel (there at most a byte of bucket
     * heads per connection, inside DESIGN.md §3.6's 128). The wheel
     * refreshes lazily, so it visits each live connection once per revolution; a revolution of 4 s
     * meant revisiting a 300 s UDP flow 75 times, which with 10 M connections kept an idle worker
     * at 11 % of a core. At 2^18 a revolution (262 s) outlasts the common timeouts.
     */
    public static int timerBucketsFor(int connCapacity) {
        int quarter = Integer.highestOneBit(Math.max(1, connCapacity / 4));
        return Math.clamp(quarter, MIN_TIMER_BUCKETS, MAX_TIMER_BUCKETS);
    }

    /** The same with room for {@code capacity} connections (and so a timer wheel sized to match). */
    public WorkerConfig withConnCapacity(int capacity) {
        return new WorkerConfig(
                capacity, templateCapacity, neighbourCapacity, maxRealServers, localAddressCapacity, seed);
    }

    public WorkerConfig withSeed(long s) {
        return new WorkerConfig(
                connCapacity, templateCapacity, neighbourCapacity, maxRealServers, localAddressCapacity, s);
    }
}
