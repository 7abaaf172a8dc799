package io.jlvs.core.sched;

import io.jlvs.core.service.SchedFlags;
import io.jlvs.core.service.VirtualService;

/**
 * Source hashing (ip_vs_sh): a static table of 2^bits buckets (256 by default) in which each
 * server, in list order, takes as many consecutive buckets as its weight (at least one), round
 * after round until the table is full; the client address, with {@code sh-port} also its port,
 * picks the bucket through the kernel's hash_32.
 *
 * <p>Without {@code sh-fallback} a bucket whose server cannot take the connection refuses it; with
 * it the search walks on, rehashing with an offset, to the first server that can, so a client
 * moves only while its own server is out.
 */
public final class Sh extends BaseScheduler {
    private final int[] buckets;
    private final int bits;
    private final int mask;
    private final boolean usePort;
    private final boolean fallback;

    public Sh(VirtualService service, RealLoad load, Overload overload, int tableBits) {
        super(service, load, overload);
        this.bits = tableBits;
        this.buckets = new int[1 << tableBits];
        this.mask = buckets.length - 1;
        this.usePort = service.hasSchedFlag(SchedFlags.SH_PORT);
        this.fallback = service.hasSchedFlag(SchedFlags.SH_FALLBACK);
        int[] live = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                live[m++] = i;
            }
        }
        int p = 0;
        int count = 0;
        for (int b = 0; b < buckets.length; b++) {
            if (m == 0) {
                buckets[b] = -1;
                continue;
            }
            buckets[b] = live[p];
            // A server stays for 'weight' buckets; weight 0 still holds one, which then refuses.
            // The configured weight: a slow start does not move clients between servers.
            if (++count >= fullWeight[live[p]] / scale) {
                p = (p + 1) % m;
                count = 0;
            }
        }
    }

    @Override
    public String name() {
        return "sh";
    }

    int bucketOf(long clientHi, long clientLo, int port, int offset) {
        return (offset + AddrHash.hash32(port + AddrHash.fold(clientHi, clientLo), bits)) & mask;
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int port = usePort ? clientPort & 0xFFFF : 0;
        int home = bucketOf(clientHi, clientLo, port, 0);
        int pos = buckets[home];
        if (pos < 0) {
            return NONE;
        }
        if (available(pos)) {
            return index[pos];
        }
        if (!fallback) {
            return NONE;
        }
        for (int offset = 0; offset < buckets.length; offset++) {
            int b = bucketOf(clientHi, clientLo, port, (offset + home) & mask);
            pos = buckets[b];
            if (available(pos)) {
                return index[pos];
            }
        }
        return NONE;
    }
}
