package io.jlvs.core.sched;

import java.math.BigInteger;

/**
 * Sizes and timeouts for the schedulers that keep tables, with the kernel's defaults written once.
 *
 * @param mhTableSize Maglev lookup-table size; must be prime (so every skip visits every slot) and
 *     at least the number of real servers. IPVS's build default is {@code CONFIG_IP_VS_MH_TAB_INDEX =
 *     12}, i.e. 4093 ({@code primes[12 - 8]} of 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521,
 *     131071); we use the same. The Maglev paper suggests a table well over 100× the backend count
 *     for ≤1% imbalance, so pick a larger prime for services with more than ~40 reals.
 * @param hashTableBits sh and dh table size as a power of two: {@code CONFIG_IP_VS_SH_TAB_BITS} and
 *     {@code CONFIG_IP_VS_DH_TAB_BITS}, default 8 (256 buckets)
 * @param lblcCapacity maximum destination-address entries of an lblc or lblcr cache (fixed, so
 *     lookups never allocate); default 16384, the kernel's soft limit {@code 1024 * 16}
 * @param lblcrMaxSetSize most real servers an lblcr entry's server set holds
 * @param lblcExpiration ticks an lblc/lblcr entry may stay unused before it is dropped, and the age
 *     after which lblcr shrinks a set: the {@code lblc_expiration}/{@code lblcr_expiration} sysctls,
 *     default 24 h
 * @param lblcEntryTimeout when a cache is over 3/4 full, housekeeping also drops entries unused for
 *     this many ticks (the kernel's {@code ENTRY_TIMEOUT}, 6 min)
 * @param randomSeed seed for twos's per-instance random source (mixed with the service id)
 */
public record SchedulerOptions(
        int mhTableSize,
        int hashTableBits,
        int lblcCapacity,
        int lblcrMaxSetSize,
        long lblcExpiration,
        long lblcEntryTimeout,
        long randomSeed) {

    /** IPVS's default Maglev table size (CONFIG_IP_VS_MH_TAB_INDEX 12). */
    public static final int DEFAULT_MH_TABLE_SIZE = 4093;

    public SchedulerOptions {
        if (mhTableSize < 2 || !BigInteger.valueOf(mhTableSize).isProbablePrime(50)) {
            throw new IllegalArgumentException("Maglev table size " + mhTableSize
                    + " must be a prime (IPVS offers 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071)");
        }
        if (hashTableBits < 1 || hashTableBits > 20) {
            throw new IllegalArgumentException("sh/dh table bits " + hashTableBits + " is out of range 1..20");
        }
        if (lblcCapacity < 1) {
            throw new IllegalArgumentException("lblc capacity must be positive, got " + lblcCapacity);
        }
        if (lblcrMaxSetSize < 1) {
            throw new IllegalArgumentException("lblcr set size must be positive, got " + lblcrMaxSetSize);
        }
        if (lblcExpiration <= 0 || lblcEntryTimeout <= 0) {
            throw new IllegalArgumentException("lblc expiration and entry timeout must be positive");
        }
    }

    /** The kernel's defaults, with time expressed in the worker's ticks. */
    public static SchedulerOptions defaults(long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("ticks per second must be positive, got " + ticksPerSecond);
        }
        return new SchedulerOptions(
                DEFAULT_MH_TABLE_SIZE,
                8,
                16384,
                16,
                24L * 60 * 60 * ticksPerSecond,
                6L * 60 * ticksPerSecond,
                0x6A6C7673L);
    }

    public SchedulerOptions withMhTableSize(int size) {
        return new SchedulerOptions(
                size, hashTableBits, lblcCapacity, lblcrMaxSetSize, lblcExpiration, lblcEntryTimeout, randomSeed);
    }

    public SchedulerOptions withLblcCapacity(int capacity) {
        return new SchedulerOptions(
                mhTableSize, hashTableBits, capacity, lblcrMaxSetSize, lblcExpiration, lblcEntryTimeout, randomSeed);
    }

    public SchedulerOptions withLblcrMaxSetSize(int size) {
        return new SchedulerOptions(
                mhTableSize, hashTableBits, lblcCapacity, size, lblcExpiration, lblcEntryTimeout, randomSeed);
    }

    public SchedulerOptions withLblcExpiration(long expiration, long entryTimeout) {
        return new SchedulerOptions(
                mhTableSize, hashTableBits, lblcCapacity, lblcrMaxSetSize, expiration, entryTimeout, randomSeed);
    }

    public SchedulerOptions withRandomSeed(long seed) {
        return new SchedulerOptions(
                mhTableSize, hashTableBits, lblcCapacity, lblcrMaxSetSize, lblcExpiration, lblcEntryTimeout, seed);
    }
}
