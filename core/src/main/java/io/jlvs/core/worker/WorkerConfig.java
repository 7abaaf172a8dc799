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
 * @param timerBuckets timer-wheel buckets (one per tick of the wheel's resolution)
 * @param seed seeds port shuffling, randomised schedulers and the FULLNAT sequence-number secret
 *     ({@link io.jlvs.core.xmit.FullNat#initialSeqDelta}), so it must be unguessable in production
 */
public record WorkerConfig(
        int connCapacity,
        int templateCapacity,
        int neighbourCapacity,
        int maxRealServers,
        int localAddressCapacity,
        int timerBuckets,
        long seed) {

    /** Default sizes and a seed from a secure random source; control plane. */
    public static WorkerConfig defaults() {
        return new WorkerConfig(1 << 20, 1 << 16, 1024, 4096, 256, 4096, new SecureRandom().nextLong());
    }

    public WorkerConfig withConnCapacity(int capacity) {
        return new WorkerConfig(
                capacity,
                templateCapacity,
                neighbourCapacity,
                maxRealServers,
                localAddressCapacity,
                timerBuckets,
                seed);
    }

    public WorkerConfig withSeed(long s) {
        return new WorkerConfig(
                connCapacity,
                templateCapacity,
                neighbourCapacity,
                maxRealServers,
                localAddressCapacity,
                timerBuckets,
                s);
    }
}
