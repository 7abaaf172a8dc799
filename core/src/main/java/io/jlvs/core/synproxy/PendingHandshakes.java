package io.jlvs.core.synproxy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Proxied handshakes waiting for the real server's SYN-ACK: a fixed pool of slots, each with what
 * is needed to send the server's SYN again and to complete its handshake (the cookie, the client's
 * ISN, options and timestamps) and the client segments held meanwhile (alibaba's stored ACKs,
 * bounded by {@code synproxy_ack_skb_store_thresh}). Only clients that returned a valid cookie get
 * a slot, so a SYN flood cannot fill it; a full pool drops the ACK, counted, and the client's next
 * segment tries again.
 *
 * <p>Packet-path code after construction: no allocation.
 */
public final class PendingHandshakes {
    /** Largest held frame; bigger ones are dropped (the client sends them again). */
    public static final int FRAME_BYTES = 2048;

    public static final int NONE = -1;
    /** A slot taken whose connection is being opened. */
    private static final int RESERVED = Integer.MAX_VALUE;

    private final int slots;
    private final MemorySegment frames;
    private final int[] conn;
    final int[] ifIndex;
    final int[] cookie;
    final int[] clientIsn;
    final int[] clientTsVal;
    final int[] ourTsVal;
    final int[] clientWindow;
    /** mss index (bits 0-2), client wscale + 1 (bits 4-7), SACK (8), timestamps (9), ECN (10). */
    final int[] options;

    final int[] retries;
    final long[] retryAt;
    private final int[] held;
    private final int[] heldLength;
    private final int[] free;
    private int freeCount;
    private int active;

    public PendingHandshakes(int slots) {
        this.slots = slots;
        this.frames = Arena.ofAuto().allocate((long) slots * SynProxySettings.MAX_ACK_STORE * FRAME_BYTES, 64);
        this.conn = new int[slots];
        this.ifIndex = new int[slots];
        this.cookie = new int[slots];
        this.clientIsn = new int[slots];
        this.clientTsVal = new int[slots];
        this.ourTsVal = new int[slots];
        this.clientWindow = new int[slots];
        this.options = new int[slots];
        this.retries = new int[slots];
        this.retryAt = new long[slots];
        this.held = new int[slots];
        this.heldLength = new int[slots * SynProxySettings.MAX_ACK_STORE];
        this.free = new int[slots];
        Arrays.fill(conn, NONE);
        for (int i = 0; i < slots; i++) {
            free[i] = slots - 1 - i;
        }
        freeCount = slots;
    }

    public int capacity() {
        return slots;
    }

    /** Slots in use. */
    public int active() {
        return active;
    }

    /**
     * Takes a slot, to be {@link #bind bound} to its connection before the next batch: the slot, or
     * {@link #NONE} when all are in use.
     */
    public int take() {
        if (freeCount == 0) {
            return NONE;
        }
        int s = free[--freeCount];
        conn[s] = RESERVED;
        held[s] = 0;
        retries[s] = 0;
        active++;
        return s;
    }

    public void bind(int slot, int id) {
        conn[slot] = id;
    }

    public void release(int slot) {
        if (conn[slot] != NONE) {
            conn[slot] = NONE;
            free[freeCount++] = slot;
            active--;
        }
    }

    /** The connection of a slot, or {@link #NONE} for a free one. */
    public int conn(int slot) {
        return conn[slot];
    }

    /** Copies a client segment into the slot; false when the store is full or the frame too big. */
    public boolean hold(int slot, int limit, MemorySegment src, long offset, int length) {
        int n = held[slot];
        if (n >= limit || length > FRAME_BYTES) {
            return false;
        }
        MemorySegment.copy(src, offset, frames, frameOffset(slot, n), length);
        heldLength[slot * SynProxySettings.MAX_ACK_STORE + n] = length;
        held[slot] = n + 1;
        return true;
    }

    public int heldCount(int slot) {
        return held[slot];
    }

    public MemorySegment frames() {
        return frames;
    }

    public long frameOffset(int slot, int i) {
        return ((long) slot * SynProxySettings.MAX_ACK_STORE + i) * FRAME_BYTES;
    }

    public int frameLength(int slot, int i) {
        return heldLength[slot * SynProxySettings.MAX_ACK_STORE + i];
    }

    static int packOptions(int mssIndex, int clientWs, boolean sack, boolean ts, boolean ecn) {
        return mssIndex | (clientWs + 1) << 4 | (sack ? 1 << 8 : 0) | (ts ? 1 << 9 : 0) | (ecn ? 1 << 10 : 0);
    }

    static int mssIndexOf(int packed) {
        return packed & 0x7;
    }

    static int clientWsOf(int packed) {
        return ((packed >>> 4) & 0xF) - 1;
    }

    static boolean sackOf(int packed) {
        return (packed & 1 << 8) != 0;
    }

    static boolean timestampsOf(int packed) {
        return (packed & 1 << 9) != 0;
    }

    static boolean ecnOf(int packed) {
        return (packed & 1 << 10) != 0;
    }
}
