package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Locality-based least-connection with replication (ip_vs_lblcr): each destination address maps
 * to a set of servers. A connection goes to the set's least loaded member (overhead per weight);
 * when that member is busier than its weight while some server is under half of its own, or no
 * member can take it, the service's weighted least-connection server is added to the set. A set
 * that has not changed for {@link SchedulerOptions#lblcExpiration()} ticks sheds its most loaded
 * member, so replication shrinks back when demand falls.
 *
 * <p>Fixed capacity: at most {@link SchedulerOptions#lblcCapacity()} destinations of at most
 * {@link SchedulerOptions#lblcrMaxSetSize()} members each. A full cache or a full set still
 * schedules, it just does not remember ({@link #cacheMisses()}). Members are tried newest first,
 * as the kernel's list does. Like {@link Lblc}, an overloaded member is passed over.
 */
public final class Lblcr extends BaseScheduler {
    private final DestAddrTable cache;
    private final int maxSet;
    /** Members of entry e: stable indices at [e * maxSet, e * maxSet + setSize[e]), oldest first. */
    private final int[] members;

    private final int[] setSize;
    private final long[] lastMod;
    private final long expiration;
    private final long entryTimeout;
    private long cacheMisses;

    public Lblcr(VirtualService service, RealLoad load, Overload overload, SchedulerOptions options) {
        this(service, load, overload, options, null);
    }

    /**
     * Keeps the previous instance's cache when the sizes agree, dropping members that are no
     * longer servers of the service (the kernel's sets release a deleted destination likewise).
     */
    Lblcr(VirtualService service, RealLoad load, Overload overload, SchedulerOptions options, Lblcr previous) {
        super(service, load, overload);
        this.expiration = options.lblcExpiration();
        this.entryTimeout = options.lblcEntryTimeout();
        if (previous != null
                && previous.cache.capacity() == options.lblcCapacity()
                && previous.maxSet == options.lblcrMaxSetSize()) {
            this.cache = previous.cache;
            this.maxSet = previous.maxSet;
            this.members = previous.members;
            this.setSize = previous.setSize;
            this.lastMod = previous.lastMod;
            this.cacheMisses = previous.cacheMisses;
            for (int e = 0; e < cache.capacity(); e++) {
                if (!cache.live(e)) {
                    continue;
                }
                int base = e * maxSet;
                int kept = 0;
                for (int k = 0; k < setSize[e]; k++) {
                    if (positionOf(members[base + k]) >= 0) {
                        members[base + kept++] = members[base + k];
                    }
                }
                setSize[e] = kept;
            }
        } else {
            this.cache = new DestAddrTable(options.lblcCapacity());
            this.maxSet = options.lblcrMaxSetSize();
            this.members = new int[options.lblcCapacity() * maxSet];
            this.setSize = new int[options.lblcCapacity()];
            this.lastMod = new long[options.lblcCapacity()];
        }
    }

    @Override
    public String name() {
        return "lblcr";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int e = cache.find(destHi, destLo);
        if (e >= 0 && now - cache.lastUse(e) >= expiration) {
            cache.remove(e);
            e = -1;
        }
        if (e >= 0) {
            cache.touch(e, now);
            int pos = setMin(e);
            if (setSize[e] > 1 && now - lastMod[e] > expiration) {
                int most = setMax(e);
                if (most >= 0) {
                    erase(e, index[most], now);
                }
            }
            if (pos >= 0 && !lblcOverloaded(pos)) {
                return index[pos];
            }
            pos = leastWeightedOverhead();
            if (pos < 0) {
                return NONE;
            }
            insert(e, index[pos], now);
            return index[pos];
        }
        int pos = leastWeightedOverhead();
        if (pos < 0) {
            return NONE;
        }
        e = cache.insert(destHi, destLo, now);
        if (e < 0) {
            cacheMisses++;
            return index[pos];
        }
        setSize[e] = 0;
        insert(e, index[pos], now);
        return index[pos];
    }

    /** The member with the least overhead per weight that can take a connection, or -1 (a position). */
    private int setMin(int e) {
        int base = e * maxSet;
        int least = -1;
        long loh = 0;
        for (int k = setSize[e] - 1; k >= 0; k--) {
            int pos = positionOf(members[base + k]);
            if (pos < 0 || !available(pos)) {
                continue;
            }
            long doh = overhead(pos);
            if (least < 0 || loh * weight[pos] > doh * weight[least]) {
                least = pos;
                loh = doh;
            }
        }
        return least;
    }

    /** The member with the most overhead per weight among those with a weight, or -1 (a position). */
    private int setMax(int e) {
        int base = e * maxSet;
        int most = -1;
        long moh = 0;
        for (int k = setSize[e] - 1; k >= 0; k--) {
            int pos = positionOf(members[base + k]);
            if (pos < 0 || weight[pos] == 0) {
                continue;
            }
            long doh = overhead(pos);
            if (most < 0 || moh * weight[pos] < doh * weight[most]) {
                most = pos;
                moh = doh;
            }
        }
        return most;
    }

    private void insert(int e, int realIndex, long now) {
        int base = e * maxSet;
        for (int k = 0; k < setSize[e]; k++) {
            if (members[base + k] == realIndex) {
                return;
            }
        }
        if (setSize[e] == maxSet) {
            cacheMisses++;
            return;
        }
        members[base + setSize[e]++] = realIndex;
        lastMod[e] = now;
    }

    private void erase(int e, int realIndex, long now) {
        int base = e * maxSet;
        for (int k = 0; k < setSize[e]; k++) {
            if (members[base + k] == realIndex) {
                System.arraycopy(members, base + k + 1, members, base + k, setSize[e] - k - 1);
                setSize[e]--;
                lastMod[e] = now;
                return;
            }
        }
    }

    /** As {@link Lblc#housekeeping}. */
    @Override
    public void housekeeping(long now) {
        cache.expire(now, expiration, entryTimeout);
    }

    /** The server set cached for a destination, newest first; empty if none. Control plane/tests only. */
    public int[] serverSet(long destHi, long destLo) {
        int e = cache.find(destHi, destLo);
        if (e < 0) {
            return new int[0];
        }
        int[] out = new int[setSize[e]];
        for (int k = 0; k < out.length; k++) {
            out[k] = members[e * maxSet + setSize[e] - 1 - k];
        }
        return out;
    }

    public int cacheSize() {
        return cache.size();
    }

    /** Destinations or set members not remembered because the cache or a set was full. */
    public long cacheMisses() {
        return cacheMisses;
    }
}
