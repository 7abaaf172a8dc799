package io.jlvs.core.conn;

import java.util.Arrays;

/**
 * A worker's hashed timer wheel (Varghese and Lauck, "Hashed and Hierarchical Timing Wheels",
 * SOSP 1987, scheme 6) holding the expiry of every connection in one {@link ConnTable}.
 *
 * <p>Time is a tick passed in by the caller; the wheel never reads a clock (DESIGN.md §3.8). A
 * connection sits in bucket {@code tick & (buckets - 1)} of a tick no later than its deadline;
 * {@link #advance} visits the buckets of the ticks that passed. The lists are threaded through the
 * entries' own timer fields, so the wheel allocates nothing after construction and adds only its
 * bucket heads (4 bytes per bucket) to the table's memory. One wheel serves one table and attaches
 * itself to it, so an entry removed from the table leaves the wheel too.
 *
 * <p><b>Lazy refresh.</b> IPVS pushes a connection's timer out on every packet. Relinking on every
 * packet would touch two neighbouring entries per packet; instead {@link #schedule} with a later
 * deadline only writes the entry's deadline, and the entry is moved when the wheel reaches its old
 * bucket. A deadline moved <em>earlier</em> (ESTABLISHED to CLOSE on a RST: 900 s to 10 s) relinks
 * at once, so an entry is never visited after its deadline. The cost of laziness is one visit per
 * revolution of the wheel for each long-lived entry; size the wheel so a revolution is long
 * compared to the common timeouts.
 *
 * <p>Link encoding in an entry's timer-prev field: -1 not scheduled, {@code <= -2} first in bucket
 * {@code -2 - prev}, {@code >= 0} the previous entry. One extra "parking" bucket holds entries
 * that belong to the bucket being processed, so processing ends even when a handler reschedules.
 */
public final class TimerWheel {
    /** Called for each connection whose deadline has passed. */
    @FunctionalInterface
    public interface Handler {
        /**
         * The connection's deadline has passed and it is no longer scheduled. The handler must
         * either remove the connection from the table or {@link #schedule} it again.
         */
        void expired(int conn);
    }

    private final ConnTable table;
    private final int[] heads;
    private final int mask;
    private final int park;
    /** Ticks up to this one have been processed. */
    private long last;
    /** The tick being processed during {@link #advance}; equal to {@link #last} outside it. */
    private long current;

    /**
     * A wheel for the connections of {@code table}.
     *
     * @param buckets number of buckets, a power of two from 16 to 2^24
     * @param startTick the current tick; deadlines at or before it fire on the first advance
     */
    public TimerWheel(ConnTable table, int buckets, long startTick) {
        if (buckets < 16 || buckets > (1 << 24) || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("buckets must be a power of two, 16..2^24: " + buckets);
        }
        this.table = table;
        this.heads = new int[buckets + 1];
        Arrays.fill(heads, -1);
        this.mask = buckets - 1;
        this.park = buckets;
        this.last = startTick;
        this.current = startTick;
        table.attach(this);
    }

    /** Bytes the wheel holds besides the entries' own fields. */
    public long bytesAllocated() {
        return (long) heads.length * Integer.BYTES;
    }

    /** The last tick {@link #advance} processed. */
    public long lastTick() {
        return last;
    }

    /** True when the connection has a deadline in the wheel. */
    public boolean isScheduled(int conn) {
        return table.timerPrev(conn) != -1;
    }

    /**
     * Sets the connection's deadline, scheduling it if it was not. A later deadline than the
     * current one costs one field write; an earlier one relinks the entry.
     */
    public void schedule(int conn, long deadline) {
        boolean linked = table.timerPrev(conn) != -1;
        int old = table.expiresRaw(conn);
        table.expiresRaw(conn, (int) deadline);
        if (!linked) {
            link(conn, bucketFor(deadline));
        } else if ((int) deadline - old < 0) {
            unlink(conn);
            link(conn, bucketFor(deadline));
        }
    }

    /** Removes the connection's deadline; no-op when it has none. */
    public void cancel(int conn) {
        unlink(conn);
    }

    /**
     * Processes every tick after the last one processed up to {@code now}, calling the handler for
     * each connection whose deadline is at or before {@code now}.
     *
     * @return the number of connections handed to the handler
     */
    public int advance(long now, Handler handler) {
        if (now <= last) {
            return 0;
        }
        long from = last + 1;
        if (now - from >= park) {
            from = now - park + 1; // one revolution visits every bucket
        }
        int nowLow = (int) now;
        int expired = 0;
        for (long t = from; t <= now; t++) {
            current = t;
            int b = (int) t & mask;
            int c;
            while ((c = heads[b]) >= 0) {
                unlink(c);
                int deadline = table.expiresRaw(c);
                if (deadline - nowLow <= 0) {
                    expired++;
                    handler.expired(c);
                } else {
                    int db = deadline & mask;
                    link(c, db == b ? park : db);
                }
            }
            while ((c = heads[park]) >= 0) {
                unlink(c);
                link(c, b);
            }
        }
        last = now;
        current = now;
        return expired;
    }

    private int bucketFor(long deadline) {
        long t = deadline > current ? deadline : current + 1;
        return (int) t & mask;
    }

    private void link(int c, int bucket) {
        int h = heads[bucket];
        table.timerNext(c, h);
        table.timerPrev(c, -2 - bucket);
        if (h >= 0) {
            table.timerPrev(h, c);
        }
        heads[bucket] = c;
    }

    private void unlink(int c) {
        int p = table.timerPrev(c);
        if (p == -1) {
            return;
        }
        int n = table.timerNext(c);
        if (p >= 0) {
            table.timerNext(p, n);
        } else {
            heads[-2 - p] = n;
        }
        if (n >= 0) {
            table.timerPrev(n, p);
        }
        table.timerPrev(c, -1);
        table.timerNext(c, -1);
    }
}
