package io.jlvs.core.conn;

/**
 * The FULLNAT local addresses (alibaba/LVS {@code -P -z}, keepalived {@code local_address_group})
 * a worker knows, each under a small stable index.
 *
 * <p>Why an index: a FULLNAT connection's outbound tuple ends in the local address, and storing
 * that address's 16 bytes in every entry would break the 128-byte budget of {@link ConnTable}.
 * The local addresses of a director are few, so an entry stores a 2-byte index into this list.
 *
 * <p>Indices are never reused: an address dropped from the configuration keeps its index, so the
 * connections still using it keep matching their replies until they end. Addresses are added on
 * the control plane, before the snapshot that refers to them is published to the worker; the
 * snapshot's publication is what makes the new entry visible to the worker thread.
 */
public final class LocalAddresses {
    /** Largest number of addresses: indices must fit the 15 bits a packed allocation leaves. */
    public static final int MAX = 0x7FFF;

    private final long[] hi;
    private final long[] lo;
    private int size;

    /** A list with room for {@code capacity} addresses ({@code 1 .. MAX}). */
    public LocalAddresses(int capacity) {
        if (capacity < 1 || capacity > MAX) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX + ": " + capacity);
        }
        hi = new long[capacity];
        lo = new long[capacity];
    }

    /**
     * The index of the address (hi, lo), adding it if it is new; control plane.
     *
     * @throws IllegalStateException when the list is full
     */
    public int add(long addrHi, long addrLo) {
        int i = indexOf(addrHi, addrLo);
        if (i >= 0) {
            return i;
        }
        if (size == hi.length) {
            throw new IllegalStateException("local address list full (" + size + ")");
        }
        hi[size] = addrHi;
        lo[size] = addrLo;
        return size++;
    }

    /** The index of the address, or -1. */
    public int indexOf(long addrHi, long addrLo) {
        for (int i = 0; i < size; i++) {
            if (hi[i] == addrHi && lo[i] == addrLo) {
                return i;
            }
        }
        return -1;
    }

    /** High long of the address at {@code index}. */
    public long hi(int index) {
        return hi[index];
    }

    /** Low long of the address at {@code index}. */
    public long lo(int index) {
        return lo[index];
    }

    /** Number of addresses added. */
    public int size() {
        return size;
    }

    /** Room for this many addresses. */
    public int capacity() {
        return hi.length;
    }
}
