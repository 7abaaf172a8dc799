package io.jlvs.core.neigh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A worker's neighbour cache: next-hop IP address (on an interface) → MAC, resolved by jlvs's own
 * ARP / NDP (DESIGN.md §3.9: the director's kernel does not own the addresses jlvs speaks from,
 * so it cannot resolve for it), with the small state machine of RFC 4861 §7.3.2 reduced to what
 * a forwarder needs:
 *
 * <ul>
 *   <li>INCOMPLETE: a request was sent; up to {@code maxProbes} retries every {@code retransTicks};
 *       frames for the neighbour wait in a bounded queue.
 *   <li>REACHABLE: usable; after {@code reachableTicks} without confirmation it turns STALE.
 *   <li>STALE: still used (no frame waits), but the next use asks for a refresh probe.
 *   <li>FAILED: no answer after the probes; frames are dropped (counted) and a new resolution is
 *       tried only after {@code failedTicks}, so a dead real server cannot make us flood ARP.
 * </ul>
 *
 * <p>Everything is primitive arrays and one off-heap slab for queued frames: lookups, learning and
 * queueing allocate nothing. Time is a tick passed in by the caller (the worker's coarse clock).
 * Fixed capacity; when full, the least recently used non-INCOMPLETE entry is replaced.
 */
public final class NeighbourTable {
    /** {@link #resolve} result: the caller must send a request (ARP who-has / NDP NS) now. */
    public static final long SEND_PROBE = -1;
    /** {@link #resolve} result: resolution is under way; queue the frame or drop it. */
    public static final long PENDING = -2;
    /** {@link #resolve} result: the neighbour did not answer; drop the frame (counted). */
    public static final long FAILED = -3;

    static final byte EMPTY = 0;
    static final byte INCOMPLETE = 1;
    static final byte REACHABLE = 2;
    static final byte STALE = 3;
    static final byte FAILED_STATE = 4;

    private final int capacity;
    private final int mask;
    private final long[] hi;
    private final long[] lo;
    private final int[] ifindex;
    private final long[] mac;
    private final byte[] state;
    private final long[] stateSince;
    private final long[] lastUsed;
    private final long[] lastProbe;
    private final int[] probes;
    private final boolean[] refreshAsked;

    private final long retransTicks;
    private final int maxProbes;
    private final long reachableTicks;
    private final long failedTicks;

    // Queued frames: a slab of fixed-size slots, a free list, and a FIFO chain per entry.
    private final MemorySegment slab;
    private final int slotSize;
    private final int[] slotLength;
    private final int[] slotNext;
    private final int[] queueHead;
    private final int[] queueTail;
    private final int[] queueLength;
    private final int maxQueuePerNeighbour;
    private int freeSlot;

    /** Counters, read by the control plane (plain fields: one worker writes them). */
    public long probesSent;

    public long queued;
    public long queueDrops;
    public long failedDrops;
    public long learned;

    /**
     * @param capacity entries (rounded up to a power of two)
     * @param queueSlots frames that may wait for resolution, over all neighbours
     * @param slotSize bytes per waiting frame (frames longer than this are dropped, counted)
     * @param maxQueuePerNeighbour frames one unresolved neighbour may hold
     */
    public NeighbourTable(
            int capacity,
            int queueSlots,
            int slotSize,
            int maxQueuePerNeighbour,
            long retransTicks,
            int maxProbes,
            long reachableTicks,
            long failedTicks) {
        int cap = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.capacity = cap;
        this.mask = cap - 1;
        this.hi = new long[cap];
        this.lo = new long[cap];
        this.ifindex = new int[cap];
        this.mac = new long[cap];
        this.state = new byte[cap];
        this.stateSince = new long[cap];
        this.lastUsed = new long[cap];
        this.lastProbe = new long[cap];
        this.probes = new int[cap];
        this.refreshAsked = new boolean[cap];
        this.queueHead = new int[cap];
        this.queueTail = new int[cap];
        this.queueLength = new int[cap];
        java.util.Arrays.fill(queueHead, -1);
        java.util.Arrays.fill(queueTail, -1);
        this.retransTicks = retransTicks;
        this.maxProbes = maxProbes;
        this.reachableTicks = reachableTicks;
        this.failedTicks = failedTicks;
        this.maxQueuePerNeighbour = maxQueuePerNeighbour;
        this.slotSize = slotSize;
        this.slab = Arena.ofAuto().allocate((long) queueSlots * slotSize, 64);
        this.slotLength = new int[queueSlots];
        this.slotNext = new int[queueSlots];
        for (int i = 0; i < queueSlots; i++) {
            slotNext[i] = i + 1 < queueSlots ? i + 1 : -1;
        }
        this.freeSlot = queueSlots > 0 ? 0 : -1;
    }

    /** Defaults in milliseconds: 1 s retransmit, 3 probes, 30 s reachable, 5 s failed hold-down. */
    public static NeighbourTable withDefaults(int capacity) {
        return new NeighbourTable(capacity, 256, 2048, 8, 1_000, 3, 30_000, 5_000);
    }

    /**
     * The MAC (48 bits in the low bits of the long) for {@code (ifindex, hi, lo)}, or one of
     * {@link #SEND_PROBE}, {@link #PENDING}, {@link #FAILED}. A STALE entry returns its MAC and,
     * once, asks for a refresh through {@link #refreshDue}.
     */
    public long resolve(int ifIndex, long addrHi, long addrLo, long now) {
        int i = find(ifIndex, addrHi, addrLo);
        if (i < 0) {
            i = claim(ifIndex, addrHi, addrLo, now);
            state[i] = INCOMPLETE;
            stateSince[i] = now;
            lastProbe[i] = now;
            probes[i] = 1;
            probesSent++;
            lastUsed[i] = now;
            return SEND_PROBE;
        }
        lastUsed[i] = now;
        switch (state[i]) {
            case REACHABLE -> {
                if (now - stateSince[i] >= reachableTicks) {
                    state[i] = STALE;
                    stateSince[i] = now;
                    refreshAsked[i] = false;
                }
                return mac[i];
            }
            case STALE -> {
                return mac[i];
            }
            case INCOMPLETE -> {
                return probeIfDue(i, now);
            }
            default -> {
                if (now - stateSince[i] >= failedTicks) {
                    state[i] = INCOMPLETE;
                    stateSince[i] = now;
                    lastProbe[i] = now;
                    probes[i] = 1;
                    probesSent++;
                    return SEND_PROBE;
                }
                failedDrops++;
                return FAILED;
            }
        }
    }

    /** True once per STALE period: the caller should send a refresh probe (frames still flow). */
    public boolean refreshDue(int ifIndex, long addrHi, long addrLo, long now) {
        int i = find(ifIndex, addrHi, addrLo);
        if (i < 0 || state[i] != STALE || refreshAsked[i]) {
            return false;
        }
        refreshAsked[i] = true;
        lastProbe[i] = now;
        probesSent++;
        return true;
    }

    private long probeIfDue(int i, long now) {
        if (now - lastProbe[i] < retransTicks) {
            return PENDING;
        }
        if (probes[i] >= maxProbes) {
            state[i] = FAILED_STATE;
            stateSince[i] = now;
            failedDrops += queueLength[i];
            dropQueue(i);
            failedDrops++;
            return FAILED;
        }
        probes[i]++;
        lastProbe[i] = now;
        probesSent++;
        return SEND_PROBE;
    }

    /**
     * Records a MAC learnt from an ARP reply/request or an NDP advertisement. Only addresses we
     * asked about (or already know) are learnt: unsolicited ARP must not fill the table.
     *
     * @return the number of frames now waiting in {@link #drain} for this neighbour
     */
    public int learn(int ifIndex, long addrHi, long addrLo, long macAddr, long now) {
        int i = find(ifIndex, addrHi, addrLo);
        if (i < 0) {
            return 0;
        }
        mac[i] = macAddr & 0xFFFF_FFFF_FFFFL;
        state[i] = REACHABLE;
        stateSince[i] = now;
        probes[i] = 0;
        refreshAsked[i] = false;
        learned++;
        return queueLength[i];
    }

    /** Copies a frame into the neighbour's wait queue; false (counted) when no room. */
    public boolean enqueue(int ifIndex, long addrHi, long addrLo, MemorySegment frame, long offset, int length) {
        int i = find(ifIndex, addrHi, addrLo);
        if (i < 0
                || state[i] != INCOMPLETE
                || length > slotSize
                || freeSlot < 0
                || queueLength[i] >= maxQueuePerNeighbour) {
            queueDrops++;
            return false;
        }
        int s = freeSlot;
        freeSlot = slotNext[s];
        MemorySegment.copy(frame, offset, slab, (long) s * slotSize, length);
        slotLength[s] = length;
        slotNext[s] = -1;
        if (queueTail[i] >= 0) {
            slotNext[queueTail[i]] = s;
        } else {
            queueHead[i] = s;
        }
        queueTail[i] = s;
        queueLength[i]++;
        queued++;
        return true;
    }

    /** Receives the frames released by {@link #drain}, oldest first. */
    @FunctionalInterface
    public interface FrameSink {
        /** A frame for the neighbour on {@code ifIndex}, now known to be at {@code mac}. */
        void accept(int ifIndex, MemorySegment slab, long offset, int length, long mac);
    }

    /** Hands every queued frame of a now-resolved neighbour to {@code sink}, then frees them. */
    public int drain(int ifIndex, long addrHi, long addrLo, FrameSink sink) {
        int i = find(ifIndex, addrHi, addrLo);
        if (i < 0 || (state[i] != REACHABLE && state[i] != STALE)) {
            return 0;
        }
        int n = 0;
        for (int s = queueHead[i]; s >= 0; ) {
            int next = slotNext[s];
            sink.accept(ifIndex, slab, (long) s * slotSize, slotLength[s], mac[i]);
            slotNext[s] = freeSlot;
            freeSlot = s;
            s = next;
            n++;
        }
        queueHead[i] = -1;
        queueTail[i] = -1;
        queueLength[i] = 0;
        return n;
    }

    private void dropQueue(int i) {
        for (int s = queueHead[i]; s >= 0; ) {
            int next = slotNext[s];
            slotNext[s] = freeSlot;
            freeSlot = s;
            s = next;
        }
        queueHead[i] = -1;
        queueTail[i] = -1;
        queueLength[i] = 0;
    }

    private int find(int ifIndex, long addrHi, long addrLo) {
        int i = slot(ifIndex, addrHi, addrLo);
        for (int n = 0; n < capacity; n++, i = (i + 1) & mask) {
            if (state[i] == EMPTY) {
                return -1;
            }
            if (lo[i] == addrLo && hi[i] == addrHi && ifindex[i] == ifIndex) {
                return i;
            }
        }
        return -1;
    }

    // Entries are never deleted, only replaced in place, so linear probing needs no tombstones:
    // a full table evicts the least recently used entry in the probe window instead.
    private int claim(int ifIndex, long addrHi, long addrLo, long now) {
        int start = slot(ifIndex, addrHi, addrLo);
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        for (int n = 0, i = start; n < capacity; n++, i = (i + 1) & mask) {
            if (state[i] == EMPTY) {
                victim = i;
                break;
            }
            if (state[i] != INCOMPLETE && lastUsed[i] < oldest) {
                oldest = lastUsed[i];
                victim = i;
            }
        }
        if (victim < 0) {
            victim = start; // every entry is mid-resolution: replace the home slot
        }
        dropQueue(victim);
        hi[victim] = addrHi;
        lo[victim] = addrLo;
        ifindex[victim] = ifIndex;
        mac[victim] = 0;
        refreshAsked[victim] = false;
        lastUsed[victim] = now;
        return victim;
    }

    private int slot(int ifIndex, long addrHi, long addrLo) {
        long h = addrLo * 0x9E37_79B9_7F4A_7C15L ^ addrHi * 0xC2B2_AE3D_27D4_EB4FL ^ ifIndex;
        h ^= h >>> 31;
        return (int) h & mask;
    }
}
