package io.jlvs.core.persist;

import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;

/**
 * One worker's persistence templates (IPVS's {@code IP_VS_CONN_F_TEMPLATE} connections).
 *
 * <p>Key: the service id (which stands for IPVS's template key of protocol, VIP and port, or of the
 * firewall mark for a fwmark service) and the client address masked by the service's granularity.
 * Value: the stable index of a real server. A template lives while connections reference it
 * ({@link #attach}/{@link #detach}) and for the persistence timeout after the later of its last
 * new connection and its last connection's end; each new connection it creates refreshes the
 * timeout (ip_vs_sched_persist puts the template back with a fresh timer).
 *
 * <p>A template is not used, and is dropped, when its server has been removed, is draining, or —
 * with {@link #expireQuiescentTemplate(boolean) expire_quiescent_template} — has weight 0
 * (ip_vs_check_template). {@link #expireReal(int)} drops every template of one server now, which
 * the drain controller needs. A dropped template that connections still reference leaves the
 * index at once (so the client is scheduled afresh) but keeps its entry until the last of them
 * detaches, so the int handles connections hold stay valid.
 *
 * <p>Capacity is fixed; entries live in primitive arrays found through an open-addressing index
 * with backward-shift deletion. Lookup, create, attach and detach allocate nothing; a full table
 * makes {@link #create} return {@link #NONE} and counts {@link #createFailures()}.
 */
public final class PersistTable {
    /** No template. */
    public static final int NONE = -1;

    private static final byte FREE = 0;
    /** In the index: lookups find it. */
    private static final byte LINKED = 1;
    /** Dropped from the index, kept until its last connection detaches. */
    private static final byte UNLINKED = 2;

    /** How many entries a full table looks at for an expired one before giving up on a create. */
    private static final int RECLAIM_SCAN = 64;

    private final int capacity;
    private final long ticksPerSecond;
    private final int[] slots;
    private final int mask;
    private final int[] service;
    private final long[] keyHi;
    private final long[] keyLo;
    private final int[] real;
    private final int[] refs;
    private final long[] deadline;
    private final long[] timeout;
    private final byte[] state;
    private final int[] freeList;
    private int freeTop;
    private int linked;
    private int rover;
    private boolean expireQuiescentTemplate;
    private long createFailures;

    /**
     * @param capacity most templates this worker holds
     * @param ticksPerSecond the worker's tick rate, to turn the services' timeouts (seconds) into ticks
     */
    public PersistTable(int capacity, long ticksPerSecond) {
        if (capacity < 1 || capacity > ConnTable.MAX_TEMPLATE + 1) {
            // A connection keeps its template's id in 24 bits (ConnTable's layout).
            throw new IllegalArgumentException(
                    "template capacity must be 1.." + (ConnTable.MAX_TEMPLATE + 1) + ", got " + capacity);
        }
        if (ticksPerSecond < 1) {
            throw new IllegalArgumentException("ticks per second must be positive, got " + ticksPerSecond);
        }
        this.capacity = capacity;
        this.ticksPerSecond = ticksPerSecond;
        int s = 2;
        while (s < 2 * capacity) {
            s <<= 1;
        }
        this.slots = new int[s];
        this.mask = s - 1;
        this.service = new int[capacity];
        this.keyHi = new long[capacity];
        this.keyLo = new long[capacity];
        this.real = new int[capacity];
        this.refs = new int[capacity];
        this.deadline = new long[capacity];
        this.timeout = new long[capacity];
        this.state = new byte[capacity];
        this.freeList = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeList[i] = capacity - 1 - i;
        }
        this.freeTop = capacity;
    }

    /** The {@code expire_quiescent_template} sysctl: when set, a template whose server has weight 0 is expired. */
    public void expireQuiescentTemplate(boolean on) {
        this.expireQuiescentTemplate = on;
    }

    public boolean expireQuiescentTemplate() {
        return expireQuiescentTemplate;
    }

    private int home(int svc, long hi, long lo) {
        long h = (hi * 0x9E37_79B9_7F4A_7C15L) ^ lo ^ ((long) svc << 48 | (svc & 0xFFFF_FFFFL));
        h = (h ^ (h >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return (int) (h ^ (h >>> 33)) & mask;
    }

    private int find(int svc, long hi, long lo) {
        int i = home(svc, hi, lo);
        int e;
        while ((e = slots[i]) != 0) {
            e--;
            if (keyLo[e] == lo && keyHi[e] == hi && service[e] == svc) {
                return e;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /**
     * The live template for this client of this service, or {@link #NONE}. An expired template, or
     * one whose server may no longer be used, is dropped on the way.
     *
     * @param table the snapshot the worker is using, to check the template's server
     */
    public int lookup(ServiceTable table, VirtualService svc, long clientHi, long clientLo, long now) {
        int e = find(svc.id(), clientHi & svc.persistMaskHi(), clientLo & svc.persistMaskLo());
        if (e < 0) {
            return NONE;
        }
        if (refs[e] == 0 && now - deadline[e] >= 0) {
            drop(e);
            return NONE;
        }
        RealServer r = table.real(real[e]);
        if (r == null
                || r.serviceId() != svc.id()
                || !r.state().honoursTemplates(expireQuiescentTemplate)
                || (expireQuiescentTemplate && r.weight() == 0)) {
            drop(e);
            return NONE;
        }
        return e;
    }

    /**
     * Records that this client of this service goes to {@code realIndex}; replaces a template for
     * the same key. The new template has no connections yet and lives for the service's timeout.
     *
     * @return the template, or {@link #NONE} when the table is full of live templates (counted)
     */
    public int create(VirtualService svc, long clientHi, long clientLo, int realIndex, long now) {
        long hi = clientHi & svc.persistMaskHi();
        long lo = clientLo & svc.persistMaskLo();
        int old = find(svc.id(), hi, lo);
        if (old >= 0) {
            drop(old);
        }
        if (freeTop == 0 && reclaim(now, RECLAIM_SCAN) == 0) {
            createFailures++;
            return NONE;
        }
        int e = freeList[--freeTop];
        service[e] = svc.id();
        keyHi[e] = hi;
        keyLo[e] = lo;
        real[e] = realIndex;
        refs[e] = 0;
        timeout[e] = svc.persistTimeout() * ticksPerSecond;
        deadline[e] = now + timeout[e];
        state[e] = LINKED;
        int i = home(svc.id(), hi, lo);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = e + 1;
        linked++;
        return e;
    }

    /** The real server a template sends its client to. */
    public int realIndex(int template) {
        return real[template];
    }

    /** A new connection was created from this template: it now holds a reference, and the timeout restarts. */
    public void attach(int template, long now) {
        refs[template]++;
        deadline[template] = now + timeout[template];
    }

    /**
     * A connection created from this template has ended. When it was the last, the template lives
     * on for its timeout (or until its current deadline, if later); a dropped template is freed.
     */
    public void detach(int template, long now) {
        if (template < 0 || template >= capacity || state[template] == FREE || refs[template] == 0) {
            return;
        }
        if (--refs[template] > 0) {
            return;
        }
        if (state[template] == UNLINKED) {
            free(template);
            return;
        }
        long end = now + timeout[template];
        if (end - deadline[template] > 0) {
            deadline[template] = end;
        }
    }

    /**
     * Expires every template that sends clients to this real server, now: their clients are
     * scheduled afresh on their next connection. Returns how many were expired. O(capacity).
     */
    public int expireReal(int realIndex) {
        int n = 0;
        for (int e = 0; e < capacity; e++) {
            if (state[e] == LINKED && real[e] == realIndex) {
                drop(e);
                n++;
            }
        }
        return n;
    }

    /**
     * Frees up to {@code maxEntries} entries' worth of expired, unreferenced templates, resuming
     * where the last sweep stopped; call it from housekeeping so full tables are rare. Returns the
     * number freed.
     */
    public int sweep(long now, int maxEntries) {
        return reclaim(now, Math.min(maxEntries, capacity));
    }

    private int reclaim(long now, int scan) {
        int freed = 0;
        for (int k = 0; k < scan; k++) {
            int e = rover;
            rover = rover + 1 == capacity ? 0 : rover + 1;
            if (state[e] == LINKED && refs[e] == 0 && now - deadline[e] >= 0) {
                drop(e);
                freed++;
            }
        }
        return freed;
    }

    /** Takes a template out of the index; frees it unless connections still reference it. */
    private void drop(int e) {
        unlink(e);
        if (refs[e] == 0) {
            free(e);
        } else {
            state[e] = UNLINKED;
        }
    }

    private void unlink(int e) {
        int i = home(service[e], keyHi[e], keyLo[e]);
        while (slots[i] != e + 1) {
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps probe runs gap-free without tombstones.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int f = slots[j];
            if (f == 0) {
                break;
            }
            int h = home(service[f - 1], keyHi[f - 1], keyLo[f - 1]);
            boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
            if (movable) {
                slots[hole] = f;
                hole = j;
            }
        }
        slots[hole] = 0;
        linked--;
    }

    private void free(int e) {
        state[e] = FREE;
        freeList[freeTop++] = e;
    }

    /** Templates lookups can find. */
    public int size() {
        return linked;
    }

    /** Entries in use, including dropped templates still referenced by connections. */
    public int inUse() {
        return capacity - freeTop;
    }

    public int capacity() {
        return capacity;
    }

    /** Connections referencing a template (ipvsadm -L --persistent-conn shows these as the template's count). */
    public int refs(int template) {
        return refs[template];
    }

    /** The tick at which an unreferenced template expires. */
    public long deadline(int template) {
        return deadline[template];
    }

    /**
     * Live templates sending clients to {@code realIndex}: what {@code ipvsadm -L --persistent-conn}
     * shows as PersistConn. A scan of the table: control plane only.
     */
    public int templatesFor(int realIndex) {
        int n = 0;
        for (int e = 0; e < capacity; e++) {
            if (state[e] == LINKED && real[e] == realIndex) {
                n++;
            }
        }
        return n;
    }

    /** Creates refused because every entry held a live template. */
    public long createFailures() {
        return createFailures;
    }
}
