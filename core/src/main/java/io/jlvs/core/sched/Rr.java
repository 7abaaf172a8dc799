package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Round-robin (ip_vs_rr): the next available server after the last one chosen, wrapping once. A
 * server with weight 0 or over its threshold is passed over; the cursor only moves on a hit.
 */
public final class Rr extends BaseScheduler {
    /** Position of the last server chosen; -1 is the head of the list, before the first. */
    private int cursor = -1;

    public Rr(VirtualService service, RealLoad load, Overload overload) {
        this(service, load, overload, null);
    }

    /** Carries the cursor over from the previous snapshot's instance, as IPVS keeps it across edits. */
    Rr(VirtualService service, RealLoad load, Overload overload, Rr previous) {
        super(service, load, overload);
        if (previous != null && previous.cursor >= 0) {
            cursor = positionOf(previous.index[previous.cursor]);
        }
    }

    @Override
    public String name() {
        return "rr";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        for (int k = 1; k <= n; k++) {
            int i = cursor + k;
            if (i >= n) {
                i -= n;
            }
            if (available(i)) {
                cursor = i;
                return index[i];
            }
        }
        return NONE;
    }
}
