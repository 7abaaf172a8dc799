package io.jlvs.core.worker;

import java.util.Arrays;
import java.util.List;

/**
 * The addresses jlvs owns — VIPs and FULLNAT local addresses — and the interface on which it
 * answers ARP/NDP for each (the one the director's routing table reaches the address's subnet
 * through, so a VIP is announced to clients and a local address to real servers). The director's
 * kernel does not have them (DESIGN.md §3.9). An open-addressing set of (hi, lo) pairs: lookups
 * allocate nothing.
 */
public final class OwnedAddresses {
    /** What an owned address is to jlvs: it decides how the fanout program steers frames to it. */
    public enum Kind {
        /** A virtual service address: frames to it are steered by the client's address. */
        VIP("vip"),
        /** A FULLNAT local address: replies to it are steered by their local port. */
        LOCAL_ADDRESS("laddr");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The word shown to operators. */
        public String label() {
            return label;
        }
    }

    /** One owned address. */
    public record Owned(long hi, long lo, int ifIndex, Kind kind) {}

    private final List<Owned> list;
    private final long[] hi;
    private final long[] lo;
    private final int[] ifIndex;
    private final int mask;

    public OwnedAddresses(List<Owned> owned) {
        list = List.copyOf(owned);
        int cap = Integer.highestOneBit(Math.max(4, list.size() * 2 - 1)) << 1;
        mask = cap - 1;
        hi = new long[cap];
        lo = new long[cap];
        ifIndex = new int[cap];
        Arrays.fill(ifIndex, -1);
        for (Owned o : list) {
            int i = slot(o.hi(), o.lo());
            while (ifIndex[i] >= 0 && !(hi[i] == o.hi() && lo[i] == o.lo())) {
                i = (i + 1) & mask;
            }
            hi[i] = o.hi();
            lo[i] = o.lo();
            ifIndex[i] = o.ifIndex();
        }
    }

    public static OwnedAddresses none() {
        return new OwnedAddresses(List.of());
    }

    /** The interface jlvs answers for (hi, lo) on, or -1 when the address is not jlvs's. */
    public int ifIndexOf(long addrHi, long addrLo) {
        for (int i = slot(addrHi, addrLo); ; i = (i + 1) & mask) {
            if (ifIndex[i] < 0) {
                return -1;
            }
            if (hi[i] == addrHi && lo[i] == addrLo) {
                return ifIndex[i];
            }
        }
    }

    public boolean owns(long addrHi, long addrLo) {
        return ifIndexOf(addrHi, addrLo) >= 0;
    }

    public List<Owned> list() {
        return list;
    }

    private int slot(long addrHi, long addrLo) {
        long h = (addrLo ^ (addrHi * 0x9E37_79B9_7F4A_7C15L)) * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
