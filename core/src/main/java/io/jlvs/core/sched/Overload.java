package io.jlvs.core.sched;

import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.ServiceTable;
import java.util.Arrays;

/**
 * The per-worker "overloaded" flag of each real server ({@code IP_VS_DEST_F_OVERLOAD}), driven by
 * the connection thresholds {@code ipvsadm -x} (upper) and {@code -y} (lower).
 *
 * <p>As IPVS does (ip_vs_bind_dest / ip_vs_unbind_dest): a server with an upper threshold becomes
 * overloaded when its active + inactive connections reach it, and stays so until they fall below
 * the lower threshold, or below 3/4 of the upper one when no lower threshold is set. The gap is the
 * hysteresis that keeps a server near its limit from flapping. An overloaded server gets no new
 * connections from any scheduler.
 *
 * <p>Counts are per worker (DESIGN.md §3.4), so each worker holds a share of the thresholds:
 * {@code ceil(threshold / workers)}. With one worker this is exactly IPVS; with several it assumes
 * the steering spreads a server's connections evenly, the same assumption per-core tables make.
 *
 * <p>The connection table calls {@link #update} after each change of a server's counts; schedulers
 * read {@link #isOverloaded}. Both are allocation-free.
 */
public final class Overload {
    private final int workers;
    private boolean[] overloaded = new boolean[0];
    private int[] upper = new int[0];
    private int[] lower = new int[0];

    /** Exactly IPVS's thresholds: one worker holds every connection. */
    public Overload() {
        this(1);
    }

    public Overload(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
    }

    /**
     * Takes thresholds from a new snapshot (off the packet path). As ip_vs_ctl's update of a
     * destination does, a flag is cleared when its upper threshold is removed or raised, and kept
     * otherwise.
     */
    public void adopt(ServiceTable table) {
        int n = table.realIndexCapacity();
        boolean[] flags = new boolean[n];
        int[] up = new int[n];
        int[] low = new int[n];
        for (int i = 0; i < n; i++) {
            RealServer r = table.real(i);
            if (r == null) {
                continue;
            }
            up[i] = share(r.upperThreshold());
            low[i] = share(r.lowerThreshold());
            int oldUpper = i < upper.length ? upper[i] : 0;
            boolean was = i < overloaded.length && overloaded[i];
            flags[i] = was && up[i] != 0 && up[i] <= oldUpper;
        }
        this.overloaded = flags;
        this.upper = up;
        this.lower = low;
    }

    private int share(int threshold) {
        return threshold == 0 ? 0 : (threshold + workers - 1) / workers;
    }

    /**
     * Re-evaluates one server after its connection count changed: {@code totalConns} is its
     * active + inactive connections on this worker after the change.
     */
    public void update(int real, int totalConns) {
        if (real < 0 || real >= upper.length) {
            return;
        }
        int u = upper[real];
        if (u == 0) {
            overloaded[real] = false;
        } else if (totalConns >= u) {
            overloaded[real] = true;
        } else if (overloaded[real]) {
            int l = lower[real];
            // Integer form of "below 3/4 of the upper threshold", as the kernel compares it.
            boolean below = l != 0 ? totalConns < l : (long) totalConns * 4 < (long) u * 3;
            if (below) {
                overloaded[real] = false;
            }
        }
    }

    public boolean isOverloaded(int real) {
        return real >= 0 && real < overloaded.length && overloaded[real];
    }

    /** This worker's share of the upper threshold (0 = none); for display and tests. */
    public int upperShare(int real) {
        return real >= 0 && real < upper.length ? upper[real] : 0;
    }

    /** Clears every flag, e.g. when counters are zeroed. */
    public void clear() {
        Arrays.fill(overloaded, false);
    }
}
