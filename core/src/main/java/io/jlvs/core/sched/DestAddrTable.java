package io.jlvs.core.sched;

/**
 * The fixed-capacity destination-address cache behind lblc and lblcr: address → entry id, with a
 * last-use tick per entry. Entries live in parallel primitive arrays and are found through an
 * open-addressing index (linear probing, at most half full); deletion shifts later entries of a
 * probe run back, so no tombstones build up. Nothing allocates after construction.
 *
 * <p>Entry ids are stable while an entry lives, so lblcr keeps each entry's server set in arrays
 * indexed by it.
 */
final class DestAddrTable {
    private final int capacity;
    private final int[] slots;
    private final int mask;
    private final long[] keyHi;
    private final long[] keyLo;
    private final long[] lastUse;
    private final boolean[] live;
    private final int[] freeList;
    private int freeTop;
    private int size;

    DestAddrTable(int capacity) {
        this.capacity = capacity;
        int s = 2;
        while (s < 2 * capacity) {
            s <<= 1;
        }
        this.slots = new int[s];
        this.mask = s - 1;
        this.keyHi = new long[capacity];
        this.keyLo = new long[capacity];
        this.lastUse = new long[capacity];
        this.live = new boolean[capacity];
        this.freeList = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeList[i] = capacity - 1 - i;
        }
        this.freeTop = capacity;
    }

    private int home(long hi, long lo) {
        long h = AddrHash.fmix(hi ^ AddrHash.fmix(lo));
        return (int) h & mask;
    }

    /** The entry for an address, or -1. */
    int find(long hi, long lo) {
        int i = home(hi, lo);
        int e;
        while ((e = slots[i]) != 0) {
            e--;
            if (keyLo[e] == lo && keyHi[e] == hi) {
                return e;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Adds an address that is not present; returns its entry, or -1 when the cache is full. */
    int insert(long hi, long lo, long now) {
        if (freeTop == 0) {
            return -1;
        }
        int e = freeList[--freeTop];
        keyHi[e] = hi;
        keyLo[e] = lo;
        lastUse[e] = now;
        live[e] = true;
        int i = home(hi, lo);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = e + 1;
        size++;
        return e;
    }

    void remove(int e) {
        int i = home(keyHi[e], keyLo[e]);
        while (slots[i] != e + 1) {
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: pull up every later entry of the run whose home lies at or
        // before the hole, so probes never meet a gap before their key.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int f = slots[j];
            if (f == 0) {
                break;
            }
            int h = home(keyHi[f - 1], keyLo[f - 1]);
            boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
            if (movable) {
                slots[hole] = f;
                hole = j;
            }
        }
        slots[hole] = 0;
        live[e] = false;
        freeList[freeTop++] = e;
        size--;
    }

    long lastUse(int e) {
        return lastUse[e];
    }

    void touch(int e, long now) {
        lastUse[e] = now;
    }

    boolean live(int e) {
        return live[e];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /**
     * Removes the entries unused for {@code expiration} ticks and, when the table is over 3/4
     * full, also those unused for {@code crowdedTimeout}: lblc's and lblcr's periodic check.
     */
    void expire(long now, long expiration, long crowdedTimeout) {
        boolean crowded = size * 4L > capacity * 3L;
        for (int e = 0; e < capacity; e++) {
            if (!live[e]) {
                continue;
            }
            long idle = now - lastUse[e];
            if (idle >= expiration || (crowded && idle >= crowdedTimeout)) {
                remove(e);
            }
        }
    }
}
