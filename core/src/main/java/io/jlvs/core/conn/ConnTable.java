package io.jlvs.core.conn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.SecureRandom;

/**
 * A worker's connection table (DESIGN.md §3.6): fixed capacity, off-heap, open addressing, each
 * connection findable from both directions of its flow.
 *
 * <p><b>Keys.</b> A connection is indexed under two tuples. INBOUND: (protocol, client address and
 * port, virtual address and port), what a client's packet carries. OUTBOUND: (protocol, real
 * server address and port, the address and port the real server replies to), what a reply
 * carries: the client's for NAT, DR and TUN, the FULLNAT local address and port for FULLNAT. So
 * a reply finds the same entry its request created, as IPVS's {@code ip_vs_conn_out_get} does.
 * Addresses are {@link io.jlvs.core.net.InetAddr} (hi, lo) pairs, so IPv4 and IPv6 share one key
 * shape.
 *
 * <p><b>Memory.</b> One {@link MemorySegment} holds a 116-byte entry per connection followed by
 * the index: an array of 4-byte slots shared by both tuples, with {@code ceil(2 × capacity /
 * loadFactor)} slots so that a full table fills the index to {@code loadFactor}. Per connection,
 * SYNPROXY's included (every connection has the same entry):
 *
 * <pre>
 *   entry                                  116 B
 *   index: 2 slots × 4 B / loadFactor       12 B at the default load factor 2/3
 *                                          ----
 *                                          128 B   (≤ 128 B, DESIGN.md §3.6)
 * </pre>
 *
 * The load factor may be set from 2/3 (the default, 128 B) to 0.9 (≈ 124.9 B); the slot count is
 * not rounded to a power of two (the home slot is found by multiply-shift range reduction), so the
 * arithmetic above is exact. Capacity is at most {@link #MAX_CAPACITY}, enough for 10 million
 * connections per worker in 1.28 GB.
 *
 * <p><b>Entry layout</b> (byte offsets):
 *
 * <pre>
 *    0 client addr hi, lo      16 virtual addr hi, lo    32 real addr hi, lo
 *   48 client port u16         50 virtual port u16       52 real port u16    54 local port u16
 *   56 local addr index u16    58 service index u16      60 protocol u8
 *   61 state (bits 0-3), forwarding method (bits 4-6), entry is in the index (bit 7) u8
 *   62 flags u16 (ConnFlags)
 *   64 real index u16          66 SYNPROXY ACK-storm count u16
 *   68 template id (bits 0-23), SYNPROXY window code (bits 24-31)
 *   72 expiry tick i32         76 timer next i32         80 timer prev i32
 *   84 sequence delta i32 (client → server)
 *   88 seq next in, out i32    96 ack max in, out i32   104 last tick i32
 *  108 SYNPROXY sequence delta i32 (server → client); the pending handshake's slot before it
 *  112 SYNPROXY timestamp delta i32
 * </pre>
 *
 * How the 28 bytes SYNPROXY and the director's own bookkeeping need beyond the endpoints fit:
 * the FULLNAT local address is a 2-byte index into {@link LocalAddresses} rather than 16 bytes;
 * the real index is 16 bits ({@link #MAX_REAL}, the service table's bound) and the template id 24
 * ({@link #MAX_TEMPLATE}); one last-packet tick serves both directions (only the later of the two
 * was ever read); SYNPROXY's window rescaling is one byte ({@code synproxy.SynProxyFlows}); its
 * ACK-storm check compares with the tracked sequence fields instead of keeping the last ACK; and
 * the pending handshake's slot lives in the server → client delta, which is written only when
 * the handshake completes. Entries are 116 bytes apart, so 8-byte fields are read unaligned.
 *
 * <p>Ticks are stored as the low 32 bits of the worker's tick clock and compared with wrap-around
 * arithmetic, exact for values within 2^31 ticks of now. A connection's worker-local id is its
 * entry number, so it costs no bytes; a free entry is marked by protocol 0 and chained through
 * its timer-next field.
 *
 * <p><b>Index.</b> Linear probing. A slot holds a 5-bit tag taken from the key's hash, a direction
 * bit and the entry number + 1 (0 is an empty slot), so most non-matching slots are rejected
 * without reading an entry. Deletion shifts the following cluster back (Knuth's Algorithm R), so
 * there are no tombstones and probe lengths after any amount of churn are those of a table
 * freshly filled to the same load. The hash is seeded per table from a secure random source so
 * that clients cannot choose addresses and ports that all collide (IPVS seeds its jhash the same
 * way).
 *
 * <p><b>Packet-path rules.</b> Lookup, insert, field access and remove allocate nothing, take no
 * lock and throw nothing for any input a packet can produce: bad arguments and a full table are
 * negative result codes. Field accessors take an id returned by a lookup or insert; an id that is
 * not a connection is a programming error, never something a packet can cause. One worker thread
 * owns a table; nothing here is thread-safe.
 */
public final class ConnTable implements AutoCloseable {
    /** Lookup result: no connection has this tuple. */
    public static final int NOT_FOUND = -1;
    /** Insert result: every entry is in use; the new flow is to be dropped and counted. */
    public static final int FULL = -2;
    /** Insert result: a connection already has this inbound tuple. */
    public static final int DUPLICATE_IN = -3;
    /** Insert result: a connection already has this outbound tuple. */
    public static final int DUPLICATE_OUT = -4;
    /** Insert result: an argument is out of range (protocol 0, unknown local address, ...). */
    public static final int INVALID = -5;

    /** Direction: client to real server (IPVS's input). */
    public static final int IN = 0;
    /** Direction: real server to client (IPVS's output). */
    public static final int OUT = 1;

    /** Most connections one table can hold (26 bits of entry number in an index slot). */
    public static final int MAX_CAPACITY = (1 << 26) - 1;
    /** Default load factor of the index when the table is full. */
    public static final double DEFAULT_LOAD_FACTOR = 2.0 / 3.0;
    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 116;
    /** Bytes per index slot. */
    public static final int SLOT_BYTES = 4;

    /** Largest service index an entry can carry (u16, 0xFFFF means none). */
    public static final int MAX_SERVICE = 0xFFFE;
    /** Largest real-server index an entry can carry (u16). */
    public static final int MAX_REAL = 0xFFFF;
    /** Largest persistence template id an entry can carry (24 bits, all ones means none). */
    public static final int MAX_TEMPLATE = 0xFF_FFFE;

    private static final long C_HI = 0;
    private static final long C_LO = 8;
    private static final long V_HI = 16;
    private static final long V_LO = 24;
    private static final long R_HI = 32;
    private static final long R_LO = 40;
    private static final long C_PORT = 48;
    private static final long V_PORT = 50;
    private static final long R_PORT = 52;
    private static final long L_PORT = 54;
    private static final long L_ADDR = 56;
    private static final long SERVICE = 58;
    private static final long PROTO = 60;
    private static final long STATE_FWD = 61;
    private static final long FLAGS = 62;
    private static final long REAL = 64;
    private static final long ACK_STORM = 66;
    private static final long TEMPLATE = 68; // and the SYNPROXY window code in its top byte
    private static final long EXPIRES = 72;
    private static final long TIMER_NEXT = 76;
    private static final long TIMER_PREV = 80;
    private static final long SEQ_DELTA = 84;
    private static final long SEQ_NEXT = 88; // + 4 * dir
    private static final long ACK_MAX = 96; // + 4 * dir
    private static final long LAST_TICK = 104;
    private static final long SYNPROXY_SEQ_DELTA = 108; // the pending handshake's slot before
    private static final long SYNPROXY_TS_DELTA = 112;

    private static final int TEMPLATE_MASK = 0xFF_FFFF;
    private static final int WINDOWS_SHIFT = 24;

    private static final int NONE_U16 = 0xFFFF;

    private static final int ID_MASK = (1 << 26) - 1;
    private static final int DIR_BIT = 1 << 26;
    private static final int TAG_SHIFT = 27;
    private static final int TAG_MASK = 0x1F;

    // Entries are 116 bytes apart: an 8-byte field is 4-aligned only.
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final Arena arena;
    private final MemorySegment mem;
    private final int capacity;
    private final int slots;
    private final long slotBase;
    private final long seedIn;
    private final long seedOut;
    private final LocalAddresses localAddresses;

    /** The wheel holding this table's deadlines, if any; freeing an entry cancels its deadline. */
    private TimerWheel wheel;

    private int size;
    /** Head of the chain of freed entries, -1 when empty. */
    private int freeHead = -1;
    /** Entries {@code >= fresh} have never been used. */
    private int fresh;

    /**
     * A table for {@code capacity} connections at the default load factor, seeded from a secure
     * random source; control plane.
     */
    public ConnTable(int capacity, LocalAddresses localAddresses) {
        this(capacity, DEFAULT_LOAD_FACTOR, localAddresses, new SecureRandom().nextLong());
    }

    /**
     * A table for {@code capacity} connections; control plane.
     *
     * @param capacity most connections held at once, 1 .. {@link #MAX_CAPACITY}
     * @param loadFactor fill of the index when the table is full, 2/3 .. 0.9
     * @param localAddresses the FULLNAT local addresses entries refer to by index
     * @param seed hash seed; pass a random value in production, a fixed one in tests
     */
    public ConnTable(int capacity, double loadFactor, LocalAddresses localAddresses, long seed) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ": " + capacity);
        }
        if (!(loadFactor >= DEFAULT_LOAD_FACTOR && loadFactor <= 0.9)) {
            // Below 2/3 the index alone passes DESIGN §3.6's 128 bytes per connection.
            throw new IllegalArgumentException("load factor must be 2/3..0.9: " + loadFactor);
        }
        this.capacity = capacity;
        this.slots = slotCount(capacity, loadFactor);
        this.slotBase = (long) capacity * ENTRY_BYTES;
        this.localAddresses = localAddresses;
        this.seedIn = fmix(seed ^ 0x243F_6A88_85A3_08D3L);
        this.seedOut = fmix(seed ^ 0x1319_8A2E_0370_7344L);
        this.arena = Arena.ofShared();
        this.mem = arena.allocate(bytesFor(capacity, loadFactor), 64);
    }

    /** Bytes a table of this capacity and load factor allocates, to size configs up front. */
    public static long bytesFor(int capacity, double loadFactor) {
        return (long) capacity * ENTRY_BYTES + (long) slotCount(capacity, loadFactor) * SLOT_BYTES;
    }

    private static int slotCount(int capacity, double loadFactor) {
        // Two slots per connection; strictly more slots than keys so a probe always ends.
        return (int) Math.max(Math.ceil(2.0 * capacity / loadFactor), 2L * capacity + 1);
    }

    void attach(TimerWheel w) {
        if (wheel != null && wheel != w) {
            throw new IllegalStateException("table already has a timer wheel");
        }
        wheel = w;
    }

    /** Frees the table's memory; no entry may be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }

    /** Most connections the table holds. */
    public int capacity() {
        return capacity;
    }

    /** Entries ever used: every connection id is below this (a scan need not look further). */
    public int highWater() {
        return fresh;
    }

    /** Connections in the table. */
    public int size() {
        return size;
    }

    /** Bytes of native memory the table holds (entries and index). */
    public long bytesAllocated() {
        return mem.byteSize();
    }

    /** Number of index slots. */
    public int slotCount() {
        return slots;
    }

    /** The local addresses FULLNAT entries refer to. */
    public LocalAddresses localAddresses() {
        return localAddresses;
    }

    // ---------------------------------------------------------------- lookup / insert / remove

    /**
     * The connection a client's packet belongs to, or {@link #NOT_FOUND}.
     *
     * @param proto IP protocol number (6 TCP, 17 UDP)
     */
    public int lookupIn(int proto, long cHi, long cLo, int cport, long vHi, long vLo, int vport) {
        cport &= 0xFFFF;
        vport &= 0xFFFF;
        long h = hash(seedIn, proto, cHi, cLo, cport, vHi, vLo, vport);
        int tag = (int) h & TAG_MASK;
        int i = home(h);
        while (true) {
            int s = slot(i);
            if (s == 0) {
                return NOT_FOUND;
            }
            if ((s >>> TAG_SHIFT) == tag && (s & DIR_BIT) == 0) {
                int id = (s & ID_MASK) - 1;
                long e = (long) id * ENTRY_BYTES;
                if (u8(e + PROTO) == proto
                        && mem.get(LONG, e + C_LO) == cLo
                        && mem.get(LONG, e + C_HI) == cHi
                        && u16(e + C_PORT) == cport
                        && u16(e + V_PORT) == vport
                        && mem.get(LONG, e + V_LO) == vLo
                        && mem.get(LONG, e + V_HI) == vHi) {
                    return id;
                }
            }
            if (++i == slots) {
                i = 0;
            }
        }
    }

    /**
     * The connection a real server's reply belongs to, or {@link #NOT_FOUND}.
     *
     * @param rHi source (real server) address, high long
     * @param dHi destination address, high long: the client's, or a FULLNAT local address
     */
    public int lookupOut(int proto, long rHi, long rLo, int rport, long dHi, long dLo, int dport) {
        rport &= 0xFFFF;
        dport &= 0xFFFF;
        long h = hash(seedOut, proto, rHi, rLo, rport, dHi, dLo, dport);
        int tag = (int) h & TAG_MASK;
        int i = home(h);
        while (true) {
            int s = slot(i);
            if (s == 0) {
                return NOT_FOUND;
            }
            if ((s >>> TAG_SHIFT) == tag && (s & DIR_BIT) != 0) {
                int id = (s & ID_MASK) - 1;
                long e = (long) id * ENTRY_BYTES;
                if (u8(e + PROTO) == proto
                        && mem.get(LONG, e + R_LO) == rLo
                        && mem.get(LONG, e + R_HI) == rHi
                        && u16(e + R_PORT) == rport
                        && outDstMatches(e, dHi, dLo, dport)) {
                    return id;
                }
            }
            if (++i == slots) {
                i = 0;
            }
        }
    }

    private boolean outDstMatches(long e, long dHi, long dLo, int dport) {
        int la = u16(e + L_ADDR);
        if (la == NONE_U16) {
            return u16(e + C_PORT) == dport && mem.get(LONG, e + C_LO) == dLo && mem.get(LONG, e + C_HI) == dHi;
        }
        return u16(e + L_PORT) == dport && localAddresses.lo(la) == dLo && localAddresses.hi(la) == dHi;
    }

    /**
     * Adds a connection.
     *
     * @param laddr FULLNAT local address index in {@link #localAddresses()}, or -1 when replies go
     *     to the client (NAT, DR, TUN); {@code lport} is ignored then
     * @param service service index, -1 .. {@link #MAX_SERVICE}
     * @param real real server index, 0 .. {@link #MAX_REAL}
     * @param fwd {@link FwdMethod}
     * @return the new connection's id ({@code >= 0}), or {@link #FULL}, {@link #DUPLICATE_IN},
     *     {@link #DUPLICATE_OUT}, {@link #INVALID}; on failure the table is unchanged
     */
    public int insert(
            int proto,
            long cHi,
            long cLo,
            int cport,
            long vHi,
            long vLo,
            int vport,
            long rHi,
            long rLo,
            int rport,
            int laddr,
            int lport,
            int service,
            int real,
            int fwd) {
        if (proto <= 0
                || proto > 255
                || laddr < -1
                || laddr >= localAddresses.size()
                || service < -1
                || service > MAX_SERVICE
                || real < 0
                || real > MAX_REAL
                || !FwdMethod.isValid(fwd)) {
            return INVALID;
        }
        if (size == capacity) {
            return FULL;
        }
        if (lookupIn(proto, cHi, cLo, cport, vHi, vLo, vport) != NOT_FOUND) {
            return DUPLICATE_IN;
        }
        long dHi = laddr < 0 ? cHi : localAddresses.hi(laddr);
        long dLo = laddr < 0 ? cLo : localAddresses.lo(laddr);
        int dport = laddr < 0 ? cport : lport;
        if (lookupOut(proto, rHi, rLo, rport, dHi, dLo, dport) != NOT_FOUND) {
            return DUPLICATE_OUT;
        }
        int id;
        if (freeHead >= 0) {
            id = freeHead;
            freeHead = mem.get(INT, (long) id * ENTRY_BYTES + TIMER_NEXT);
        } else {
            id = fresh++;
        }
        long e = (long) id * ENTRY_BYTES;
        mem.set(LONG, e + C_HI, cHi);
        mem.set(LONG, e + C_LO, cLo);
        mem.set(LONG, e + V_HI, vHi);
        mem.set(LONG, e + V_LO, vLo);
        mem.set(LONG, e + R_HI, rHi);
        mem.set(LONG, e + R_LO, rLo);
        mem.set(SHORT, e + C_PORT, (short) cport);
        mem.set(SHORT, e + V_PORT, (short) vport);
        mem.set(SHORT, e + R_PORT, (short) rport);
        mem.set(SHORT, e + L_PORT, (short) (laddr < 0 ? 0 : lport));
        mem.set(SHORT, e + L_ADDR, (short) (laddr < 0 ? NONE_U16 : laddr));
        mem.set(SHORT, e + SERVICE, (short) (service < 0 ? NONE_U16 : service));
        mem.set(BYTE, e + PROTO, (byte) proto);
        mem.set(BYTE, e + STATE_FWD, (byte) ((fwd & FWD_MASK) << FWD_SHIFT));
        mem.set(SHORT, e + FLAGS, (short) 0);
        mem.set(SHORT, e + REAL, (short) real);
        mem.set(SHORT, e + ACK_STORM, (short) 0);
        mem.set(INT, e + TEMPLATE, TEMPLATE_MASK); // no template, window code 0
        mem.set(INT, e + EXPIRES, 0);
        mem.set(INT, e + TIMER_NEXT, -1);
        mem.set(INT, e + TIMER_PREV, -1);
        mem.set(INT, e + SEQ_DELTA, 0);
        mem.set(LONG, e + SEQ_NEXT, 0);
        mem.set(LONG, e + ACK_MAX, 0);
        mem.set(INT, e + LAST_TICK, 0);
        mem.set(INT, e + SYNPROXY_SEQ_DELTA, 0);
        mem.set(INT, e + SYNPROXY_TS_DELTA, 0);
        place(id, IN);
        place(id, OUT);
        hashed(id, true);
        size++;
        return id;
    }

    /**
     * Removes a connection from both indices, cancels its deadline and frees its entry; no-op for a
     * free id. {@link ConnTracker#remove} also releases its counts and FULLNAT port.
     */
    public void remove(int id) {
        if (!isUsed(id)) {
            return;
        }
        unhash(id);
        free(id);
    }

    /**
     * Removes a connection from both indices but keeps its entry readable, so an expiry handler
     * can still read the tuple, sequence numbers and indices; {@link #free} must follow.
     */
    void unhash(int id) {
        if (isHashed(id)) {
            erase(id, IN);
            erase(id, OUT);
            hashed(id, false);
        }
    }

    /** Returns an unhashed entry to the free chain. */
    void free(int id) {
        long e = (long) id * ENTRY_BYTES;
        if (u8(e + PROTO) == 0) {
            return;
        }
        if (isHashed(id)) {
            unhash(id);
        }
        if (wheel != null) {
            wheel.cancel(id);
        }
        mem.set(BYTE, e + PROTO, (byte) 0);
        mem.set(INT, e + TIMER_NEXT, freeHead);
        freeHead = id;
        size--;
    }

    /** True when {@code id} names a connection in the table. */
    public boolean isUsed(int id) {
        return id >= 0 && id < fresh && u8((long) id * ENTRY_BYTES + PROTO) != 0;
    }

    /**
     * The first connection id {@code >= from}, or -1; for listing ({@code ipvsadm -lnc}) on the
     * worker thread.
     */
    public int nextUsed(int from) {
        for (int id = Math.max(from, 0); id < fresh; id++) {
            if (u8((long) id * ENTRY_BYTES + PROTO) != 0) {
                return id;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- index internals

    // Byte 61 packs three small fields: the protocol state (IPVS has 11 TCP states: 4 bits), the
    // forwarding method (5 methods: 3 bits) and whether the entry is in the index (1 bit), so that
    // the flags get 16 bits without growing the entry.
    private static final int STATE_MASK = 0x0F;
    private static final int FWD_SHIFT = 4;
    private static final int FWD_MASK = 0x07;
    private static final int HASHED_BIT = 0x80;

    private boolean isHashed(int id) {
        return (u8((long) id * ENTRY_BYTES + STATE_FWD) & HASHED_BIT) != 0;
    }

    private void hashed(int id, boolean on) {
        long e = (long) id * ENTRY_BYTES;
        int v = u8(e + STATE_FWD);
        mem.set(BYTE, e + STATE_FWD, (byte) (on ? v | HASHED_BIT : v & ~HASHED_BIT));
    }

    private void place(int id, int dir) {
        long h = entryHash(id, dir);
        int s = ((int) h & TAG_MASK) << TAG_SHIFT | (dir == OUT ? DIR_BIT : 0) | (id + 1);
        int i = home(h);
        while (slot(i) != 0) {
            if (++i == slots) {
                i = 0;
            }
        }
        setSlot(i, s);
    }

    /** Removes the slot of (id, dir) and shifts the rest of its cluster back (no tombstone). */
    private void erase(int id, int dir) {
        long h = entryHash(id, dir);
        int want = ((int) h & TAG_MASK) << TAG_SHIFT | (dir == OUT ? DIR_BIT : 0) | (id + 1);
        int i = home(h);
        while (true) {
            int s = slot(i);
            if (s == want) {
                break;
            }
            if (s == 0) {
                return; // not indexed: nothing to erase
            }
            if (++i == slots) {
                i = 0;
            }
        }
        int j = i;
        while (true) {
            if (++j == slots) {
                j = 0;
            }
            int s = slot(j);
            if (s == 0) {
                break;
            }
            int k = home(entryHash((s & ID_MASK) - 1, (s & DIR_BIT) != 0 ? OUT : IN));
            // The key at j may fill the hole at i unless its home lies cyclically in (i, j].
            boolean homeBetween = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!homeBetween) {
                setSlot(i, s);
                i = j;
            }
        }
        setSlot(i, 0);
    }

    private long entryHash(int id, int dir) {
        long e = (long) id * ENTRY_BYTES;
        int proto = u8(e + PROTO);
        if (dir == IN) {
            return hash(
                    seedIn,
                    proto,
                    mem.get(LONG, e + C_HI),
                    mem.get(LONG, e + C_LO),
                    u16(e + C_PORT),
                    mem.get(LONG, e + V_HI),
                    mem.get(LONG, e + V_LO),
                    u16(e + V_PORT));
        }
        int la = u16(e + L_ADDR);
        long dHi;
        long dLo;
        int dport;
        if (la == NONE_U16) {
            dHi = mem.get(LONG, e + C_HI);
            dLo = mem.get(LONG, e + C_LO);
            dport = u16(e + C_PORT);
        } else {
            dHi = localAddresses.hi(la);
            dLo = localAddresses.lo(la);
            dport = u16(e + L_PORT);
        }
        return hash(seedOut, proto, mem.get(LONG, e + R_HI), mem.get(LONG, e + R_LO), u16(e + R_PORT), dHi, dLo, dport);
    }

    /** Home slot from the hash's high 32 bits by multiply-shift (Lemire), any slot count. */
    private int home(long h) {
        return (int) (((h >>> 32) * slots) >>> 32);
    }

    private static long hash(long seed, int proto, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        long h = seed ^ ((long) proto << 32) ^ ((long) aPort << 16) ^ bPort;
        h = (h ^ aHi) * 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 31;
        h = (h ^ aLo) * 0x94D0_49BB_1331_11EBL;
        h ^= h >>> 29;
        h = (h ^ bHi) * 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 31;
        h = (h ^ bLo) * 0x94D0_49BB_1331_11EBL;
        return fmix(h);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }

    private int slot(int i) {
        return mem.get(INT, slotBase + (long) i * SLOT_BYTES);
    }

    private void setSlot(int i, int s) {
        mem.set(INT, slotBase + (long) i * SLOT_BYTES, s);
    }

    private int u16(long off) {
        return mem.get(SHORT, off) & 0xFFFF;
    }

    private int u8(long off) {
        return mem.get(BYTE, off) & 0xFF;
    }

    /**
     * Longest probe (slots read to find a key, 1 = found in its home slot) over all indexed keys;
     * control plane, scans the index.
     */
    public int maxProbeLength() {
        int max = 0;
        for (int i = 0; i < slots; i++) {
            int s = slot(i);
            if (s != 0) {
                max = Math.max(max, probeLength(i, s));
            }
        }
        return max;
    }

    /** Mean probe length over all indexed keys, 0 when empty; control plane, scans the index. */
    public double meanProbeLength() {
        long sum = 0;
        long n = 0;
        for (int i = 0; i < slots; i++) {
            int s = slot(i);
            if (s != 0) {
                sum += probeLength(i, s);
                n++;
            }
        }
        return n == 0 ? 0 : (double) sum / n;
    }

    private int probeLength(int at, int s) {
        int k = home(entryHash((s & ID_MASK) - 1, (s & DIR_BIT) != 0 ? OUT : IN));
        int d = at - k;
        return (d < 0 ? d + slots : d) + 1;
    }

    // ---------------------------------------------------------------- fields

    /** IP protocol number. */
    public int protocol(int id) {
        return u8((long) id * ENTRY_BYTES + PROTO);
    }

    public long clientHi(int id) {
        return mem.get(LONG, (long) id * ENTRY_BYTES + C_HI);
    }

    public long clientLo(int id) {
        return mem.get(LONG, (long) id * ENTRY_BYTES + C_LO);
    }

    public int clientPort(int id) {
        return u16((long) id * ENTRY_BYTES + C_PORT);
    }

    public long virtualHi(int id) {
        return mem.get(LONG, (long) id * ENTRY_BYTES + V_HI);
    }

    public long virtualLo(int id) {
        return mem.get(LONG, (long) id * ENTRY_BYTES + V_LO);
    }

    public int virtualPort(int id) {
        return u16((long) id * ENTRY_BYTES + V_PORT);
    }

    public long realHi(int id) {
        return mem.get(LONG, (long) id * ENTRY_BYTES + R_HI);
    }

    public long realLo(int id) {
        return mem.get(LONG, (long) id * ENTRY_BYTES + R_LO);
    }

    public int realPort(int id) {
        return u16((long) id * ENTRY_BYTES + R_PORT);
    }

    /** FULLNAT local address index, or -1 when replies go to the client. */
    public int localAddress(int id) {
        int la = u16((long) id * ENTRY_BYTES + L_ADDR);
        return la == NONE_U16 ? -1 : la;
    }

    /** FULLNAT local port; 0 when there is no local address. */
    public int localPort(int id) {
        return u16((long) id * ENTRY_BYTES + L_PORT);
    }

    /** Service index, or -1. */
    public int service(int id) {
        int s = u16((long) id * ENTRY_BYTES + SERVICE);
        return s == NONE_U16 ? -1 : s;
    }

    /** Real server index. */
    public int real(int id) {
        return u16((long) id * ENTRY_BYTES + REAL);
    }

    /** {@link FwdMethod}. */
    public int fwd(int id) {
        return (u8((long) id * ENTRY_BYTES + STATE_FWD) >>> FWD_SHIFT) & FWD_MASK;
    }

    /** Protocol state ({@link io.jlvs.core.proto.TcpStates} or UdpStates), 0..15. */
    public int state(int id) {
        return u8((long) id * ENTRY_BYTES + STATE_FWD) & STATE_MASK;
    }

    public void state(int id, int state) {
        long off = (long) id * ENTRY_BYTES + STATE_FWD;
        mem.set(BYTE, off, (byte) ((u8(off) & ~STATE_MASK) | (state & STATE_MASK)));
    }

    /** {@link ConnFlags} bits (16). */
    public int flags(int id) {
        return u16((long) id * ENTRY_BYTES + FLAGS);
    }

    /** Replaces the flags. */
    public void flags(int id, int value) {
        mem.set(SHORT, (long) id * ENTRY_BYTES + FLAGS, (short) value);
    }

    public void setFlags(int id, int bits) {
        long off = (long) id * ENTRY_BYTES + FLAGS;
        mem.set(SHORT, off, (short) (u16(off) | bits));
    }

    public void clearFlags(int id, int bits) {
        long off = (long) id * ENTRY_BYTES + FLAGS;
        mem.set(SHORT, off, (short) (u16(off) & ~bits));
    }

    /** Persistence template id, or -1. */
    public int template(int id) {
        int t = mem.get(INT, (long) id * ENTRY_BYTES + TEMPLATE) & TEMPLATE_MASK;
        return t == TEMPLATE_MASK ? -1 : t;
    }

    /** Sets the template id, -1 .. {@link #MAX_TEMPLATE} (the persistence table's capacity is bounded so). */
    public void template(int id, int templateId) {
        long off = (long) id * ENTRY_BYTES + TEMPLATE;
        mem.set(INT, off, (mem.get(INT, off) & ~TEMPLATE_MASK) | (templateId & TEMPLATE_MASK));
    }

    /**
     * Client-to-server sequence delta (FULLNAT's initial shift, a PROXY header, a drain's FIN):
     * added to the client-to-server sequence number and subtracted from the server-to-client
     * acknowledgement (and SACK blocks).
     */
    public int seqDelta(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + SEQ_DELTA);
    }

    public void seqDelta(int id, int delta) {
        mem.set(INT, (long) id * ENTRY_BYTES + SEQ_DELTA, delta);
    }

    /**
     * Highest sequence number sent in {@code dir} plus its length (the sender's SND.NXT as the
     * director saw it, before any rewrite); valid when {@link ConnFlags#SEQ_IN}/{@code SEQ_OUT}
     * is set.
     */
    public int seqNext(int id, int dir) {
        return mem.get(INT, (long) id * ENTRY_BYTES + SEQ_NEXT + 4L * dir);
    }

    public void seqNext(int id, int dir, int seq) {
        mem.set(INT, (long) id * ENTRY_BYTES + SEQ_NEXT + 4L * dir, seq);
    }

    /**
     * Highest acknowledgement number carried by segments sent in {@code dir}, before any rewrite;
     * valid when {@link ConnFlags#ACK_IN}/{@code ACK_OUT} is set.
     */
    public int ackMax(int id, int dir) {
        return mem.get(INT, (long) id * ENTRY_BYTES + ACK_MAX + 4L * dir);
    }

    public void ackMax(int id, int dir, int ack) {
        mem.set(INT, (long) id * ENTRY_BYTES + ACK_MAX + 4L * dir, ack);
    }

    /** Tick of the last packet either way, reconstructed relative to {@code now}. */
    public long lastTick(int id, long now) {
        return widen(mem.get(INT, (long) id * ENTRY_BYTES + LAST_TICK), now);
    }

    /** Records a packet (either way) at {@code tick}. */
    public void touch(int id, long tick) {
        mem.set(INT, (long) id * ENTRY_BYTES + LAST_TICK, (int) tick);
    }

    // ---------------------------------------------------------------- SYNPROXY (core/synproxy)

    /**
     * SYNPROXY's server-to-client sequence delta (cookie − server ISN): added to the server's
     * sequence numbers, taken from the client's acknowledgements and SACK edges. Written when the
     * proxied handshake completes; until then the field holds {@link #synProxySlot}.
     */
    public int synProxySeqDelta(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + SYNPROXY_SEQ_DELTA);
    }

    public void synProxySeqDelta(int id, int delta) {
        mem.set(INT, (long) id * ENTRY_BYTES + SYNPROXY_SEQ_DELTA, delta);
    }

    /**
     * The pending-handshake slot of a SYNPROXY connection whose server has not answered yet ({@link
     * ConnFlags#SYNPROXY_PENDING}): the same bytes as {@link #synProxySeqDelta}, which has no value
     * before the server's SYN-ACK.
     */
    public int synProxySlot(int id) {
        return synProxySeqDelta(id);
    }

    public void synProxySlot(int id, int slot) {
        synProxySeqDelta(id, slot);
    }

    /** SYNPROXY's shift of the server's timestamps onto the clock the client was given. */
    public int synProxyTsDelta(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + SYNPROXY_TS_DELTA);
    }

    public void synProxyTsDelta(int id, int delta) {
        mem.set(INT, (long) id * ENTRY_BYTES + SYNPROXY_TS_DELTA, delta);
    }

    /** SYNPROXY's window rescaling, one byte ({@code synproxy.SynProxyFlows#windowCode}). */
    public int synProxyWindows(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + TEMPLATE) >>> WINDOWS_SHIFT;
    }

    public void synProxyWindows(int id, int code) {
        long off = (long) id * ENTRY_BYTES + TEMPLATE;
        mem.set(INT, off, (mem.get(INT, off) & TEMPLATE_MASK) | (code << WINDOWS_SHIFT));
    }

    /** Identical server ACKs in a row on a SYNPROXY connection (alibaba {@code dup_ack_cnt}), 0..65535. */
    public int ackStormCount(int id) {
        return u16((long) id * ENTRY_BYTES + ACK_STORM);
    }

    public void ackStormCount(int id, int count) {
        mem.set(SHORT, (long) id * ENTRY_BYTES + ACK_STORM, (short) count);
    }

    /** Expiry deadline, reconstructed relative to {@code now}. */
    public long expires(int id, long now) {
        return widen(expiresRaw(id), now);
    }

    int expiresRaw(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + EXPIRES);
    }

    void expiresRaw(int id, int tick) {
        mem.set(INT, (long) id * ENTRY_BYTES + EXPIRES, tick);
    }

    int timerNext(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + TIMER_NEXT);
    }

    void timerNext(int id, int next) {
        mem.set(INT, (long) id * ENTRY_BYTES + TIMER_NEXT, next);
    }

    int timerPrev(int id) {
        return mem.get(INT, (long) id * ENTRY_BYTES + TIMER_PREV);
    }

    void timerPrev(int id, int prev) {
        mem.set(INT, (long) id * ENTRY_BYTES + TIMER_PREV, prev);
    }

    /** The full tick whose low 32 bits are {@code low}, nearest to {@code now}. */
    static long widen(int low, long now) {
        return now + (low - (int) now);
    }
}
