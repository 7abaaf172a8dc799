package io.jlvs.core.neigh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Carries what one worker learns about a neighbour (ARP reply, NDP advertisement) to every other
 * worker. Needed because the kernel steers ARP and NDP frames to one fanout member while every
 * worker resolves its own next hops: the worker that asked may not be the one that hears the
 * answer.
 *
 * <p>One single-producer single-consumer ring per (from, to) pair of workers: lock-free, no
 * allocation, a release store of the tail by the producer and an acquire load by the consumer. A
 * full ring drops the news (counted): the asking worker's retry will resolve it.
 */
public final class NeighbourBus {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int FIELDS = 4; // ifIndex, hi, lo, mac

    private final int workers;
    private final int capacity;
    private final long[][] rings;
    private final long[] heads; // consumer positions, one per ring (written by the consumer)
    private final long[][] tails; // producer positions, [ring][0] written with release
    private final long[] dropped;

    public NeighbourBus(int workers, int capacity) {
        this.workers = workers;
        this.capacity = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.rings = new long[workers * workers][];
        this.tails = new long[workers * workers][];
        this.heads = new long[workers * workers];
        this.dropped = new long[workers];
        for (int i = 0; i < rings.length; i++) {
            rings[i] = new long[this.capacity * FIELDS];
            tails[i] = new long[1];
        }
    }

    public int workers() {
        return workers;
    }

    /** Worker {@code from} tells every other worker that (ifIndex, hi, lo) is at {@code mac}. */
    public void publish(int from, int ifIndex, long hi, long lo, long mac) {
        for (int to = 0; to < workers; to++) {
            if (to == from) {
                continue;
            }
            int r = from * workers + to;
            long tail = tails[r][0];
            long head = (long) LONGS.getAcquire(heads, r);
            if (tail - head >= capacity) {
                dropped[from]++;
                continue;
            }
            long[] ring = rings[r];
            int at = (int) (tail & (capacity - 1)) * FIELDS;
            ring[at] = ifIndex;
            ring[at + 1] = hi;
            ring[at + 2] = lo;
            ring[at + 3] = mac;
            LONGS.setRelease(tails[r], 0, tail + 1);
        }
    }

    /** Where {@link #drain} hands each piece of news. */
    @FunctionalInterface
    public interface Listener {
        void learnt(int ifIndex, long hi, long lo, long mac);
    }

    /** Receives news for worker {@code to}; returns how many entries were handed over. */
    public int drain(int to, Listener listener) {
        int n = 0;
        for (int from = 0; from < workers; from++) {
            if (from == to) {
                continue;
            }
            int r = from * workers + to;
            long head = heads[r];
            long tail = (long) LONGS.getAcquire(tails[r], 0);
            long[] ring = rings[r];
            for (; head < tail; head++) {
                int at = (int) (head & (capacity - 1)) * FIELDS;
                listener.learnt((int) ring[at], ring[at + 1], ring[at + 2], ring[at + 3]);
                n++;
            }
            LONGS.setRelease(heads, r, head);
        }
        return n;
    }

    /** News a worker could not pass on because a ring was full. */
    public long dropped(int worker) {
        return dropped[worker];
    }
}
