package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Locality-based least-connection (ip_vs_lblc), for cache clusters: each destination address
 * sticks to one server, chosen by weighted least-connection the first time. The server is chosen
 * again when it can no longer take connections, or when it is busier than its weight while some
 * other server is under half of its own.
 *
 * <p>The cache has a fixed capacity ({@link SchedulerOptions#lblcCapacity()}); an entry unused for
 * {@link SchedulerOptions#lblcExpiration()} ticks (the {@code lblc_expiration} sysctl, 24 h) counts
 * as absent. When the cache is full a new destination is still scheduled, just not remembered, as
 * the kernel does when it cannot allocate an entry; {@link #cacheMisses()} counts those.
 *
 * <p>One deliberate difference: the kernel keeps sending a destination to its cached server even
 * over that server's connection threshold; here an overloaded server is passed over like by every
 * other scheduler.
 */
public final class Lblc extends BaseScheduler {
    private final DestAddrTable cache;
    private int[] server;
    private final long expiration;
    private final long entryTimeout;
    private long cacheMisses;

    public Lblc(VirtualService service, RealLoad load, Overload overload, SchedulerOptions options) {
        this(service, load, overload, options, null);
    }

    /** Keeps the previous instance's cache (entries hold stable indices), as the kernel's table outlives edits. */
    Lblc(VirtualService service, RealLoad load, Overload overload, SchedulerOptions options, Lblc previous) {
        super(service, load, overload);
        this.expiration = options.lblcExpiration();
        this.entryTimeout = options.lblcEntryTimeout();
        if (previous != null && previous.cache.capacity() == options.lblcCapacity()) {
            this.cache = previous.cache;
            this.server = previous.server;
            this.cacheMisses = previous.cacheMisses;
        } else {
            this.cache = new DestAddrTable(options.lblcCapacity());
            this.server = new int[options.lblcCapacity()];
        }
    }

    @Override
    public String name() {
        return "lblc";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int e = cache.find(destHi, destLo);
        if (e >= 0) {
            if (now - cache.lastUse(e) >= expiration) {
                cache.remove(e);
                e = -1;
            } else {
                cache.touch(e, now);
                int pos = positionOf(server[e]);
                if (pos >= 0 && available(pos) && !lblcOverloaded(pos)) {
                    return index[pos];
                }
            }
        }
        int pos = leastWeightedOverhead();
        if (pos < 0) {
            return NONE;
        }
        if (e < 0) {
            e = cache.insert(destHi, destLo, now);
            if (e < 0) {
                cacheMisses++;
                return index[pos];
            }
        }
        server[e] = index[pos];
        return index[pos];
    }

    /**
     * Drops entries unused for the expiration time, and when the cache is over 3/4 full also those
     * unused for the entry timeout, as the kernel's periodic check does.
     */
    @Override
    public void housekeeping(long now) {
        cache.expire(now, expiration, entryTimeout);
    }

    /** Cached destinations. */
    public int cacheSize() {
        return cache.size();
    }

    /** Destinations scheduled but not cached because the cache was full. */
    public long cacheMisses() {
        return cacheMisses;
    }
}
