package io.jlvs.core.conn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the FULLNAT local address and port of a new connection on one worker.
 *
 * <p><b>Worker steering.</b> A worker only hands out ports with {@code lport mod workers ==
 * worker}: the fanout program steers a FULLNAT reply by its destination port, so the reply reaches
 * the worker that holds the connection (DESIGN.md §3.5). Each worker has its own allocator and
 * table and never touches another's ports.
 *
 * <p><b>Uniqueness.</b> What must be unique is the outbound tuple (protocol, real address, real
 * port, local address, local port), the key a reply is looked up by; alibaba/LVS checks the same
 * 4-tuple when it picks a local port. A port is therefore first taken from the address's free
 * ports (no connection of this worker uses it), and only when none is left shared with
 * connections to other real servers, after checking the table's outbound index. So one local
 * address carries up to {@code ports × real servers} connections.
 *
 * <p><b>Order.</b> Free ports are kept first-in first-out, starting from a shuffled order: a port
 * is reused as late as possible, which gives a real server's TIME-WAIT for the previous
 * connection on that port the longest time to end (RFC 9293 §3.6), and the order is not
 * predictable from outside (RFC 6056 §3). A service's local addresses are used round-robin.
 *
 * <p><b>Bounded work.</b> Each allocation tries at most {@code maxTries} ports per local address,
 * so a near-exhausted pool costs a bounded amount per SYN; when every address fails the result is
 * {@link #EXHAUSTED} and the {@link #exhaustedCount} counter grows, and the new flow is dropped.
 *
 * <p>Local addresses and groups (a service's {@code local_address_group}) are set up on the
 * control plane and handed to the worker with the snapshot that uses them; allocation and release
 * are packet-path code: no allocation, no exception.
 */
public final class LocalPortAllocator {
    /** Allocation result: no local address of the group has a usable port. */
    public static final int EXHAUSTED = -1;
    /** Allocation result: the group is unknown or has no local address. */
    public static final int NO_LOCAL_ADDRESS = -2;

    public static final int DEFAULT_MIN_PORT = 1024;
    public static final int DEFAULT_MAX_PORT = 65535;
    /** Default ports tried per local address in one allocation. */
    public static final int DEFAULT_MAX_TRIES = 64;

    private final ConnTable table;
    private final LocalAddresses addresses;
    private final int workers;
    private final int firstPort;
    private final int portCount;
    private final int maxTries;
    private final SplittableRandom shuffle;

    /** Per local address index: connections using each of this worker's ports (slot k). */
    private final int[][] refs;
    /** Per local address index: ring of free port slots, oldest first. */
    private final char[][] ring;

    private final int[] ringHead;
    private final int[] ringCount;
    /** Per local address index: where the shared-port scan resumes. */
    private final int[] scan;

    private int[][] groups = new int[0][];
    private int[] groupCursor = new int[0];

    private long exhausted;
    /** Per local address: connections holding one of its ports (alibaba's laddr conn_counts). */
    private final long[] connections;
    /** Per local address: candidate ports skipped because the tuple was in use (port_conflict). */
    private final long[] conflicts;

    /** An allocator over ports 1024-65535 with the default number of tries. */
    public LocalPortAllocator(ConnTable table, int worker, int workers, long seed) {
        this(table, worker, workers, DEFAULT_MIN_PORT, DEFAULT_MAX_PORT, DEFAULT_MAX_TRIES, seed);
    }

    /**
     * An allocator for worker {@code worker} of {@code workers}; control plane.
     *
     * @param table the worker's connection table, whose outbound index decides collisions
     * @param minPort lowest local port, 1..65535
     * @param maxPort highest local port, minPort..65535
     * @param maxTries ports tried per local address in one allocation, {@code >= 1}
     * @param seed seed of the initial shuffle of each address's ports
     */
    public LocalPortAllocator(
            ConnTable table, int worker, int workers, int minPort, int maxPort, int maxTries, long seed) {
        if (workers < 1 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " of " + workers);
        }
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("port range " + minPort + "-" + maxPort);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be >= 1: " + maxTries);
        }
        int first = minPort + Math.floorMod(worker - minPort, workers);
        if (first > maxPort) {
            throw new IllegalArgumentException(
                    "no port in " + minPort + "-" + maxPort + " is " + worker + " mod " + workers);
        }
        this.table = table;
        this.addresses = table.localAddresses();
        this.workers = workers;
        this.firstPort = first;
        this.portCount = (maxPort - first) / workers + 1;
        this.maxTries = maxTries;
        this.shuffle = new SplittableRandom(seed);
        int n = addresses.capacity();
        this.refs = new int[n][];
        this.ring = new char[n][];
        this.ringHead = new int[n];
        this.ringCount = new int[n];
        this.scan = new int[n];
        this.connections = new long[n];
        this.conflicts = new long[n];
    }

    /** How many local ports this worker has per local address. */
    public int portsPerAddress() {
        return portCount;
    }

    /**
     * Defines a group of local addresses (indices in the table's {@link LocalAddresses}) that a
     * service allocates from round-robin; control plane.
     *
     * @return the group id
     */
    public int addGroup(int... localAddressIndices) {
        checkAddresses(localAddressIndices);
        int g = groups.length;
        groups = Arrays.copyOf(groups, g + 1);
        groupCursor = Arrays.copyOf(groupCursor, g + 1);
        setGroup(g, localAddressIndices);
        return g;
    }

    /**
     * Changes a group's addresses (a reload of {@code local_address_group}); control plane.
     * Connections already using a dropped address keep their port until they end.
     */
    public void replaceGroup(int group, int... localAddressIndices) {
        if (group < 0 || group >= groups.length) {
            throw new IllegalArgumentException("no group " + group);
        }
        checkAddresses(localAddressIndices);
        setGroup(group, localAddressIndices);
    }

    private void checkAddresses(int[] localAddressIndices) {
        for (int a : localAddressIndices) {
            if (a < 0 || a >= addresses.size()) {
                throw new IllegalArgumentException("no local address " + a);
            }
        }
    }

    private void setGroup(int group, int[] localAddressIndices) {
        for (int a : localAddressIndices) {
            prepare(a);
        }
        groups[group] = localAddressIndices.clone();
        groupCursor[group] = 0;
    }

    private void prepare(int a) {
        if (refs[a] != null) {
            return;
        }
        refs[a] = new int[portCount];
        char[] r = new char[portCount];
        for (int k = 0; k < portCount; k++) {
            r[k] = (char) k;
        }
        for (int k = portCount - 1; k > 0; k--) { // Fisher-Yates
            int j = shuffle.nextInt(k + 1);
            char t = r[k];
            r[k] = r[j];
            r[j] = t;
        }
        ring[a] = r;
        ringHead[a] = 0;
        ringCount[a] = portCount;
    }

    /**
     * A local address and port for a new connection of {@code proto} to the real server
     * (rHi, rLo):rport, from the group's addresses in turn.
     *
     * @return a packed allocation ({@code >= 0}, read it with {@link #localAddress} and {@link
     *     #localPort}), or {@link #EXHAUSTED} (counted) or {@link #NO_LOCAL_ADDRESS}
     */
    public int allocate(int group, int proto, long rHi, long rLo, int rport) {
        if (group < 0 || group >= groups.length || groups[group].length == 0) {
            return NO_LOCAL_ADDRESS;
        }
        int[] g = groups[group];
        int start = groupCursor[group];
        for (int i = 0; i < g.length; i++) {
            int gi = start + i;
            if (gi >= g.length) {
                gi -= g.length;
            }
            int a = g[gi];
            int port = fromAddress(a, proto, rHi, rLo, rport);
            if (port >= 0) {
                groupCursor[group] = gi + 1 == g.length ? 0 : gi + 1;
                connections[a]++;
                return a << 16 | port;
            }
        }
        exhausted++;
        return EXHAUSTED;
    }

    private int fromAddress(int a, int proto, long rHi, long rLo, int rport) {
        long lHi = addresses.hi(a);
        long lLo = addresses.lo(a);
        int[] rc = refs[a];
        char[] r = ring[a];
        int tries = 0;
        // Free ports first: a port no connection of this worker uses.
        int free = ringCount[a];
        for (int i = 0; i < free && tries < maxTries; i++, tries++) {
            int k = r[ringHead[a]];
            ringHead[a] = ringHead[a] + 1 == portCount ? 0 : ringHead[a] + 1;
            ringCount[a]--;
            int port = firstPort + k * workers;
            if (table.lookupOut(proto, rHi, rLo, rport, lHi, lLo, port) == ConnTable.NOT_FOUND) {
                rc[k] = 1;
                return port;
            }
            // Held by an entry this allocator did not hand out (connection sync); keep it free.
            conflicts[a]++;
            pushFree(a, k);
        }
        // Then share a used port with connections to other real servers, if the tuple is unused.
        int k = scan[a];
        for (; tries < maxTries; tries++) {
            if (++k == portCount) {
                k = 0;
            }
            if (rc[k] > 0) {
                int port = firstPort + k * workers;
                if (table.lookupOut(proto, rHi, rLo, rport, lHi, lLo, port) == ConnTable.NOT_FOUND) {
                    rc[k]++;
                    scan[a] = k;
                    return port;
                }
                conflicts[a]++;
            }
        }
        scan[a] = k;
        return -1;
    }

    private void pushFree(int a, int k) {
        int tail = ringHead[a] + ringCount[a];
        if (tail >= portCount) {
            tail -= portCount;
        }
        ring[a][tail] = (char) k;
        ringCount[a]++;
    }

    /**
     * Gives back a local port when its connection ends. A port no longer used by any connection
     * of this worker joins the end of the free list. A port this allocator did not hand out is
     * ignored.
     */
    public void release(int localAddress, int localPort) {
        if (localAddress < 0 || localAddress >= refs.length || refs[localAddress] == null) {
            return;
        }
        int off = localPort - firstPort;
        if (off < 0 || off % workers != 0 || off / workers >= portCount) {
            return;
        }
        int k = off / workers;
        int[] rc = refs[localAddress];
        if (rc[k] <= 0) {
            return;
        }
        connections[localAddress]--;
        if (--rc[k] == 0) {
            pushFree(localAddress, k);
        }
    }

    /** Connections of this worker holding a port of the local address ({@code ipvsadm -G}: Conns). */
    public long connections(int localAddress) {
        return localAddress >= 0 && localAddress < connections.length ? connections[localAddress] : 0;
    }

    /** Ports of the local address skipped because their tuple was taken ({@code -G}: PortConflict). */
    public long portConflicts(int localAddress) {
        return localAddress >= 0 && localAddress < conflicts.length ? conflicts[localAddress] : 0;
    }

    /** Ports of the address no connection of this worker uses. */
    public int freePorts(int localAddress) {
        return refs[localAddress] == null ? portCount : ringCount[localAddress];
    }

    /** Connections of this worker using the address's port {@code localPort}. */
    public int users(int localAddress, int localPort) {
        int off = localPort - firstPort;
        if (refs[localAddress] == null || off < 0 || off % workers != 0 || off / workers >= portCount) {
            return 0;
        }
        return refs[localAddress][off / workers];
    }

    /** Allocations that failed with {@link #EXHAUSTED} since start. */
    public long exhaustedCount() {
        return exhausted;
    }

    /** The local address index of a successful allocation. */
    public static int localAddress(int allocation) {
        return allocation >>> 16;
    }

    /** The local port of a successful allocation. */
    public static int localPort(int allocation) {
        return allocation & 0xFFFF;
    }
}
