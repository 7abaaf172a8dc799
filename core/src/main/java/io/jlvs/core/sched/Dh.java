package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Destination hashing (ip_vs_dh), for cache clusters: a static table of 2^bits buckets (256 by
 * default) filled with the servers in turn, one bucket each, regardless of weight; a destination
 * address picks its bucket by Knuth's multiplicative hash. If that server cannot take the
 * connection there is no fallback: the connection is refused, as in the kernel.
 */
public final class Dh extends BaseScheduler {
    private final int[] buckets;
    private final int mask;

    public Dh(VirtualService service, RealLoad load, Overload overload, int tableBits) {
        super(service, load, overload);
        this.buckets = new int[1 << tableBits];
        this.mask = buckets.length - 1;
        int[] live = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                live[m++] = i;
            }
        }
        for (int b = 0; b < buckets.length; b++) {
            buckets[b] = m == 0 ? -1 : live[b % m];
        }
    }

    @Override
    public String name() {
        return "dh";
    }

    /** The bucket a destination address hashes to; for tests. */
    int bucketOf(long destHi, long destLo) {
        return (int) ((AddrHash.fold(destHi, destLo) & 0xFFFF_FFFFL) * AddrHash.KNUTH) & mask;
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int pos = buckets[bucketOf(destHi, destLo)];
        return pos >= 0 && available(pos) ? index[pos] : NONE;
    }
}
