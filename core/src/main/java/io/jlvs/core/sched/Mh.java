package io.jlvs.core.sched;

import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.SchedFlags;
import io.jlvs.core.service.VirtualService;

/**
 * Maglev hashing (ip_vs_mh; Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016, §3.4). Each server has a permutation of the M table slots, given by an
 * offset and a skip from two hashes of its address and port: slot_j = (offset + j × skip) mod M.
 * Servers take turns claiming their next unclaimed preferred slot until the table is full; a
 * client hash then indexes the table. Because M is prime every skip in [1, M-1] walks all slots,
 * and because each server's preferences do not depend on the others, removing a server moves
 * little more than that server's own slots.
 *
 * <p>Weights as in IPVS: per round a server claims {@code (weight / gcd) >> shift} slots (at
 * least one), where the shift keeps the largest ratio within {@code ceil(log2 M) / 2} bits. The
 * table is built from each server's last non-zero weight, so quiescing a server (weight 0) does
 * not reshuffle everyone else; its slots refuse, or with {@code mh-fallback} walk on to the next
 * available server by rehashing with an offset. {@code mh-port} hashes the client port too.
 *
 * <p>Table size: {@link SchedulerOptions#mhTableSize()}, default 4093 (IPVS's default). Built in
 * the constructor, off the packet path; {@link #select} is one hash and one array read.
 */
public final class Mh extends BaseScheduler {
    private static final long SEED_OFFSET = 0x6D68_6F66_6673_6574L;
    private static final long SEED_SKIP = 0x6D68_736B_6970_7371L;
    private static final long SEED_LOOKUP = 0x6D68_6C6F_6F6B_7570L;

    private final int size;
    /** Slot → position of the server that owns it, or -1 when no server has a weight. */
    private final int[] lookup;

    private final boolean usePort;
    private final boolean fallback;

    public Mh(VirtualService service, RealLoad load, Overload overload, int tableSize) {
        super(service, load, overload);
        this.size = tableSize;
        this.lookup = new int[tableSize];
        this.usePort = service.hasSchedFlag(SchedFlags.MH_PORT);
        this.fallback = service.hasSchedFlag(SchedFlags.MH_FALLBACK);
        int live = 0;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                live++;
            }
        }
        if (live > tableSize) {
            throw new IllegalArgumentException(service.describe() + ": " + live
                    + " real servers do not fit a Maglev table of " + tableSize + " slots; configure a larger prime");
        }
        populate();
    }

    private void populate() {
        java.util.Arrays.fill(lookup, -1);
        int[] lastWeight = new int[n];
        int g = 0;
        int max = 0;
        for (int i = 0; i < n; i++) {
            RealServer r = service.real(i);
            lastWeight[i] = present[i] ? r.lastWeight() : 0;
            if (lastWeight[i] > 0) {
                g = g == 0 ? lastWeight[i] : gcd(g, lastWeight[i]);
                max = Math.max(max, lastWeight[i]);
            }
        }
        if (g == 0) {
            return;
        }
        int tabBits = (32 - Integer.numberOfLeadingZeros(size - 1)) / 2;
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / g)) - tabBits);
        int[] offset = new int[n];
        int[] skip = new int[n];
        int[] next = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            RealServer r = service.real(i);
            offset[i] =
                    (int) Long.remainderUnsigned(AddrHash.mix(SEED_OFFSET, r.addrHi(), r.addrLo(), r.port(), 0), size);
            skip[i] =
                    (int) Long.remainderUnsigned(AddrHash.mix(SEED_SKIP, r.addrHi(), r.addrLo(), r.port(), 0), size - 1)
                            + 1;
            next[i] = offset[i];
            int t = (lastWeight[i] / g) >> shift;
            turns[i] = t > 0 ? t : (lastWeight[i] > 0 ? 1 : 0);
        }
        boolean[] taken = new boolean[size];
        int filled = 0;
        while (filled < size) {
            for (int i = 0; i < n && filled < size; i++) {
                for (int t = 0; t < turns[i] && filled < size; t++) {
                    int c = next[i];
                    while (taken[c]) {
                        c += skip[i];
                        if (c >= size) {
                            c -= size;
                        }
                    }
                    next[i] = c;
                    taken[c] = true;
                    lookup[c] = i;
                    filled++;
                }
            }
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String name() {
        return "mh";
    }

    /** Table size M. */
    public int tableSize() {
        return size;
    }

    /** The stable index owning a slot, or {@link #NONE}; for tests and diagnostics. */
    public int slotOwner(int slot) {
        int pos = lookup[slot];
        return pos < 0 ? NONE : index[pos];
    }

    private int slotOf(long hi, long lo, int port, int salt) {
        return (int) Long.remainderUnsigned(AddrHash.mix(SEED_LOOKUP, hi, lo, port, salt), size);
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int port = usePort ? clientPort & 0xFFFF : 0;
        int home = slotOf(clientHi, clientLo, port, 0);
        int pos = lookup[home];
        if (pos < 0) {
            return NONE;
        }
        if (available(pos)) {
            return index[pos];
        }
        if (!fallback) {
            return NONE;
        }
        for (int offset = 0; offset < size; offset++) {
            int roffset = offset + home;
            if (roffset >= size) {
                roffset -= size;
            }
            pos = lookup[slotOf(clientHi, clientLo, port, roffset)];
            if (available(pos)) {
                return index[pos];
            }
        }
        return NONE;
    }
}
